package jitbook.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Test helper: writes a zip byte by byte, as an attacker would, so that an entry can be a
 * deflate stream of gigabytes of one byte value written in a moment (a zip bomb), or declare
 * sizes its data does not have. {@link java.util.zip.ZipOutputStream} can do neither.
 */
final class CraftedZip {
    private static final int MIB = 1 << 20;

    /** One entry: its compressed bytes as a list of chunks written in order (a chunk may repeat). */
    static final class Entry {
        final String name;
        final boolean deflated;
        final List<byte[]> chunks;
        final long size;
        final long crc;
        long declaredSize;

        Entry(String name, boolean deflated, List<byte[]> chunks, long size, long crc) {
            this.name = name;
            this.deflated = deflated;
            this.chunks = chunks;
            this.size = size;
            this.crc = crc;
            this.declaredSize = size;
        }

        long compressedSize() {
            long n = 0;
            for (byte[] c : chunks) n += c.length;
            return n;
        }

        /** Makes the zip directory claim {@code size} bytes for this entry. */
        Entry declaring(long size) {
            this.declaredSize = size;
            return this;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Every entry of a saved model (stored, as Jitbook writes them), in order. */
    static CraftedZip of(Map<String, byte[]> stored) {
        CraftedZip z = new CraftedZip();
        for (Map.Entry<String, byte[]> e : stored.entrySet()) z.add(stored(e.getKey(), e.getValue()));
        return z;
    }

    CraftedZip add(Entry e) {
        entries.add(e);
        return this;
    }

    static Entry stored(String name, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return new Entry(name, false, List.of(data), data.length, crc.getValue());
    }

    /**
     * {@code prefix}, then {@code mib} MiB of the byte {@code fill}, then {@code suffix}, deflated.
     * Once the deflater's 32 KiB window holds nothing but {@code fill}, every further MiB
     * compresses (with a sync flush) to the same ~1 KB, so the chunk is written once and repeated.
     */
    static Entry run(String name, byte[] prefix, byte fill, int mib, byte[] suffix) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] block = new byte[MIB];
        Arrays.fill(block, fill);
        CRC32 crc = new CRC32();
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(deflate(d, prefix));
        crc.update(prefix);
        byte[] first = deflate(d, block);
        byte[] steady = deflate(d, block);
        chunks.add(first);
        for (int i = 1; i < mib; i++) {
            chunks.add(steady);
            crc.update(block);
        }
        crc.update(block);
        crc.update(suffix);
        d.setInput(suffix);
        d.finish();
        byte[] buf = new byte[Math.max(1024, suffix.length * 2 + 64)];
        java.io.ByteArrayOutputStream tail = new java.io.ByteArrayOutputStream();
        while (!d.finished()) tail.write(buf, 0, d.deflate(buf));
        chunks.add(tail.toByteArray());
        d.end();
        return new Entry(name, true, chunks, prefix.length + (long) mib * MIB + suffix.length, crc.getValue());
    }

    private static final Map<Integer, String> ZERO_HASHES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The SHA-256 of {@code mib} MiB of zeros, as a manifest records it (remembered: a gigabyte takes seconds). */
    static String sha256OfZeros(int mib) throws Exception {
        String known = ZERO_HASHES.get(mib);
        if (known != null) return known;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[MIB];
        for (int i = 0; i < mib; i++) md.update(block);
        String hash = HexFormat.of().formatHex(md.digest());
        ZERO_HASHES.put(mib, hash);
        return hash;
    }

    private static byte[] deflate(Deflater d, byte[] input) {
        d.setInput(input);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !d.needsInput());
        return out.toByteArray();
    }

    void write(Path p) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 16)) {
            long offset = 0;
            List<Long> offsets = new ArrayList<>();
            for (Entry e : entries) {
                offsets.add(offset);
                byte[] header = header(e, false, 0);
                out.write(header);
                offset += header.length;
                for (byte[] c : e.chunks) out.write(c);
                offset += e.compressedSize();
            }
            long directory = offset;
            for (int i = 0; i < entries.size(); i++) {
                byte[] h = header(entries.get(i), true, offsets.get(i));
                out.write(h);
                offset += h.length;
            }
            Le end = new Le();
            end.i32(0x06054b50).i16(0).i16(0).i16(entries.size()).i16(entries.size()).i32(offset - directory).i32(directory).i16(0);
            out.write(end.bytes());
        }
    }

    /** A local file header, or a central directory header when {@code central}. */
    private static byte[] header(Entry e, boolean central, long localOffset) {
        byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
        Le h = new Le();
        h.i32(central ? 0x02014b50 : 0x04034b50);
        if (central) h.i16(20);
        h.i16(20).i16(0x0800).i16(e.deflated ? 8 : 0).i16(0).i16(0x21) // UTF-8 names; 1980-01-01 00:00
                .i32(e.crc).i32(e.compressedSize()).i32(e.declaredSize).i16(name.length).i16(0);
        if (central) h.i16(0).i16(0).i16(0).i32(0).i32(localOffset);
        h.raw(name);
        return h.bytes();
    }

    /** Little-endian fields, as zip headers are. */
    private static final class Le {
        private final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();

        Le i16(int v) {
            b.write(v);
            b.write(v >>> 8);
            return this;
        }

        Le i32(long v) {
            if (v < 0 || v > 0xFFFFFFFFL) throw new IllegalArgumentException("needs zip64: " + v);
            return i16((int) (v & 0xFFFF)).i16((int) (v >>> 16));
        }

        Le raw(byte[] x) {
            b.writeBytes(x);
            return this;
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }
}
