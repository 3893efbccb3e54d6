package jitbook.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

/**
 * The zip container of a saved model: writes entries byte-for-byte reproducibly (stored, not
 * deflated, so the bytes do not depend on the zlib build; fixed 1980-01-01 timestamps; the
 * manifest first, then the rest sorted by name) and reads them back with every check that does
 * not need to understand the model: entry names stay inside the archive, the manifest's format
 * version is one this runtime reads, every listed entry is present with its recorded size and
 * SHA-256, and nothing unlisted is there. Only bytes come out of here; nothing is deserialized.
 */
final class Archive {
    static final String MANIFEST = "manifest.json";
    static final String FORMAT = "jitbook-model";
    /** The format this runtime writes; it reads every minor version of the same major. */
    static final int FORMAT_MAJOR = 1;
    static final int FORMAT_MINOR = 0;

    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER = new java.util.concurrent.atomic.AtomicLong();
    /** A manifest holds names, sizes, hashes and plain attributes: 64 MiB is far beyond any real one. */
    static final long MAX_MANIFEST = 64L << 20;
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 64;
    /** Entries smaller than this are never judged by their compression ratio (a small run of zeros deflates well). */
    static final long RATIO_GRACE = 1L << 20;

    final String file;
    final JsonObject manifest;
    private final Map<String, byte[]> entries;

    private Archive(String file, JsonObject manifest, Map<String, byte[]> entries) {
        this.file = file;
        this.manifest = manifest;
        this.entries = entries;
    }

    /** The verified bytes of a listed entry, or a refusal naming it. */
    byte[] entry(String name) {
        byte[] b = entries.get(name);
        if (b == null) throw new ModelFormatException(file, name, "is missing (the model refers to it but the manifest does not list it)");
        return b;
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    Map<String, byte[]> entries() {
        return Collections.unmodifiableMap(entries);
    }

    // ---- writing -------------------------------------------------------------------------------

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Writes {@code manifest} and the sorted {@code entries} to {@code out}, reproducibly. */
    static void write(byte[] manifest, Map<String, byte[]> sortedEntries, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        putStored(zip, MANIFEST, manifest);
        for (Map.Entry<String, byte[]> e : sortedEntries.entrySet()) putStored(zip, e.getKey(), e.getValue());
        zip.finish();
        zip.flush();
    }

    private static void putStored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry ze = new ZipEntry(name);
        ze.setMethod(ZipEntry.STORED);
        ze.setSize(data.length);
        ze.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        ze.setCrc(crc.getValue());
        ze.setTimeLocal(ZIP_TIME);
        zip.putNextEntry(ze);
        zip.write(data);
        zip.closeEntry();
    }

    /** Writes to a temporary file beside {@code target} and moves it into place, so a failed save leaves no half file. */
    static void writeFile(byte[] manifest, Map<String, byte[]> sortedEntries, Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the saved model.
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "." + TEMP_COUNTER.incrementAndGet() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                write(manifest, sortedEntries, out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Opens and checks {@code path} within {@code limits}; {@code file} is how errors name it. */
    static Archive read(Path path, String file, LoadOptions limits) throws IOException {
        ZipFile zf;
        try {
            zf = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException | EOFException e) {
            // EOFException: the end record points past the end of the file (seen with damaged files).
            throw diagnoseBrokenZip(path, file, e);
        }
        try (zf) {
            Map<String, ZipEntry> all = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry ze;
                try {
                    ze = en.nextElement();
                } catch (IllegalArgumentException e) {
                    // ZipFile decodes names lazily and says so with an unchecked exception.
                    throw new ModelFormatException(file, null, "is damaged: text in its zip directory (an entry name or comment) is not valid UTF-8 ("
                            + e.getMessage() + ")", e);
                }
                checkEntryName(file, ze.getName());
                if (all.put(ze.getName(), ze) != null) throw new ModelFormatException(file, ze.getName(), "appears twice in the archive");
            }
            ZipEntry me = all.get(MANIFEST);
            if (me == null) {
                throw new ModelFormatException(file, MANIFEST, "is missing: this is not a Jitbook model (a .jbm file starts with a manifest.json entry)");
            }
            if (me.getSize() > MAX_MANIFEST) throw manifestTooLarge(file, me.getSize() + " bytes");
            Budget budget = new Budget(file, limits, Files.size(path));
            for (ZipEntry ze : all.values()) budget.admitDeclared(ze);
            byte[] manifestBytes = readEntry(zf, me, file, budget.cap(me, MAX_MANIFEST,
                    () -> manifestTooLarge(file, "more than " + MAX_MANIFEST + " bytes")));
            budget.spend(manifestBytes.length);
            JsonObject manifest = parseManifest(manifestBytes, file);
            ManifestReader m = new ManifestReader(file);
            checkVersions(m, manifest);

            JsonObject listed = m.object(manifest, "entries", "");
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : listed.entrySet()) {
                String name = e.getKey();
                checkEntryName(file, name);
                String field = "entries." + name;
                JsonObject info = m.object(e.getValue(), field);
                long size = m.integer(info, "size", field);
                String hash = m.str(info, "sha256", field);
                ZipEntry ze = all.get(name);
                if (ze == null || name.equals(MANIFEST)) {
                    throw new ModelFormatException(file, name, "is missing from the archive (the manifest lists it)");
                }
                if (ze.getSize() >= 0 && ze.getSize() != size) {
                    throw new ModelFormatException(file, name, "holds " + ze.getSize() + " bytes but the manifest recorded " + size);
                }
                budget.admitListed(name, size);
                byte[] data = readEntry(zf, ze, file, budget.cap(ze, Math.min(size, MAX_ENTRY),
                        () -> new ModelFormatException(file, name, "is larger than its recorded size (" + size + " bytes)")));
                budget.spend(data.length);
                if (data.length != size) {
                    throw new ModelFormatException(file, name, "holds " + data.length + " bytes but the manifest recorded " + size);
                }
                if (!sha256(data).equalsIgnoreCase(hash)) {
                    throw new ModelFormatException(file, name, "does not match the SHA-256 recorded in the manifest: "
                            + "the file was modified after it was saved, or damaged");
                }
                entries.put(name, data);
            }
            for (String name : all.keySet()) {
                if (!name.equals(MANIFEST) && !entries.containsKey(name)) {
                    throw new ModelFormatException(file, name, "is not listed in the manifest; a saved model holds only the entries its manifest lists");
                }
            }
            return new Archive(file, manifest, entries);
        }
    }

    /**
     * Entry names are relative paths below the archive root; nothing here is ever extracted,
     * but a name that would escape a directory marks a crafted file, so it is refused outright.
     */
    static void checkEntryName(String file, String name) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/", -1)) {
            if (part.equals("..") || part.equals(".")) bad = true;
        }
        if (bad) {
            throw new ModelFormatException(file, name, "points outside the archive (absolute paths, drive letters, '\\', '.' and '..' "
                    + "are refused)");
        }
        // "extra//etc/x" would come back from Jit.load as the extra file "/etc/x": an absolute path in disguise.
        if (name.contains("//") || name.endsWith("/")) {
            throw new ModelFormatException(file, name, "has an empty path segment ('//' or a trailing '/'); entry names are "
                    + "relative paths of non-empty parts");
        }
    }

    private static ModelFormatException manifestTooLarge(String file, String size) {
        return new ModelFormatException(file, MANIFEST, "is " + size + "; a manifest (names, sizes, hashes, plain attributes) may be "
                + "at most " + (MAX_MANIFEST >> 20) + " MiB, so this is not a file Jitbook wrote");
    }

    /** Reads at most {@code cap.bytes} bytes; {@code cap.onExcess} says why more are refused. */
    private static byte[] readEntry(ZipFile zf, ZipEntry ze, String file, Budget.Cap cap) {
        try (InputStream in = zf.getInputStream(ze)) {
            byte[] data = in.readNBytes((int) Math.min(cap.bytes + 1, MAX_ENTRY));
            if (data.length > cap.bytes) throw cap.onExcess.get();
            CRC32 crc = new CRC32();
            crc.update(data);
            if (ze.getCrc() >= 0 && crc.getValue() != ze.getCrc()) {
                throw new ModelFormatException(file, ze.getName(), "is damaged (its CRC-32 does not match the archive's directory)");
            }
            return data;
        } catch (ZipException | EOFException e) {
            throw new ModelFormatException(file, ze.getName(), "is cut short or damaged (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelFormatException(file, ze.getName(), "cannot be read (" + e + ")", e);
        }
    }

    /**
     * What may still be inflated: the total left under {@link LoadOptions#maxTotalBytes} and,
     * per deflated entry, its compressed size times {@link LoadOptions#maxCompressionRatio}.
     * Judged first on the sizes the zip directory and the manifest declare (so a bomb is refused
     * before a byte of it is inflated) and then on the bytes actually read (sizes can lie).
     */
    private static final class Budget {
        /** A read limit and the refusal to raise when an entry holds more. */
        static final class Cap {
            final long bytes;
            final java.util.function.Supplier<ModelFormatException> onExcess;

            Cap(long bytes, java.util.function.Supplier<ModelFormatException> onExcess) {
                this.bytes = bytes;
                this.onExcess = onExcess;
            }
        }

        private final String file;
        private final LoadOptions limits;
        private final long fileLength;
        private long declared;
        private long read;

        Budget(String file, LoadOptions limits, long fileLength) {
            this.file = file;
            this.limits = limits;
            this.fileLength = fileLength;
        }

        /** The zip directory's own claim for one entry. */
        void admitDeclared(ZipEntry ze) {
            long size = ze.getSize();
            if (size < 0) return;
            if (size > ratioLimit(ze)) throw bomb(ze, size);
            declared += size;
            if (declared > limits.maxTotalBytes()) throw overTotal(ze.getName(), declared + " bytes declared so far");
        }

        /** The manifest's claim for one entry, before it is read. */
        void admitListed(String name, long size) {
            if (read + size > limits.maxTotalBytes()) throw overTotal(name, (read + size) + " bytes with this entry");
        }

        /** The read limit for {@code ze}: {@code recorded} (refused with {@code overRecorded}) unless a budget is tighter. */
        Cap cap(ZipEntry ze, long recorded, java.util.function.Supplier<ModelFormatException> overRecorded) {
            long total = limits.maxTotalBytes() - read;
            long ratio = ratioLimit(ze);
            if (ratio < recorded && ratio < total) return new Cap(ratio, () -> bomb(ze, ratio + 1));
            if (total < recorded) return new Cap(total, () -> overTotal(ze.getName(), "more than " + limits.maxTotalBytes() + " bytes with this entry"));
            return new Cap(recorded, overRecorded);
        }

        void spend(long bytes) {
            read += bytes;
        }

        /** How large a deflated entry may inflate; stored entries are bounded by the file itself. */
        private long ratioLimit(ZipEntry ze) {
            if (ze.getMethod() != ZipEntry.DEFLATED) return Long.MAX_VALUE;
            long compressed = ze.getCompressedSize() < 0 ? fileLength : Math.min(ze.getCompressedSize(), fileLength);
            double limit = Math.max(RATIO_GRACE, limits.maxCompressionRatio() * Math.max(compressed, 1));
            return limit >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) limit;
        }

        private ModelFormatException bomb(ZipEntry ze, long atLeast) {
            long compressed = Math.max(1, Math.min(ze.getCompressedSize() < 0 ? fileLength : ze.getCompressedSize(), fileLength));
            return new ModelFormatException(file, ze.getName(), "inflates from " + compressed + " to " + (ze.getSize() >= 0 ? "" : "at least ")
                    + Math.max(atLeast, ze.getSize()) + " bytes (" + String.format(java.util.Locale.ROOT, "%.0f",
                            (double) Math.max(atLeast, ze.getSize()) / compressed) + "x): refused as a zip bomb; entries may inflate at most "
                    + String.format(java.util.Locale.ROOT, "%.0f", limits.maxCompressionRatio()) + "x (LoadOptions.maxCompressionRatio)");
        }

        private ModelFormatException overTotal(String entry, String what) {
            return new ModelFormatException(file, entry, "the file's entries add up to " + what + ", over the limit of "
                    + limits.maxTotalBytes() + " bytes (LoadOptions.maxTotalBytes)");
        }
    }

    private static JsonObject parseManifest(byte[] bytes, String file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFormatException(file, MANIFEST, "is not UTF-8 text");
        }
        try {
            JsonReader r = new JsonReader(new StringReader(text));
            r.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(r);
            if (r.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) throw new JsonParseException("text after the JSON object");
            if (!e.isJsonObject()) throw new JsonParseException("not a JSON object");
            return e.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ModelFormatException(file, MANIFEST, "is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static void checkVersions(ManifestReader m, JsonObject manifest) {
        String format = manifest.has("format") && manifest.get("format").isJsonPrimitive() ? manifest.get("format").getAsString() : null;
        if (!FORMAT.equals(format)) {
            throw new ModelFormatException(m.file, MANIFEST, "is not a Jitbook model manifest (its \"format\" is not \"" + FORMAT + "\")");
        }
        String v = m.str(manifest, "format_version", "");
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("(\\d{1,6})\\.(\\d{1,6})").matcher(v);
        if (!mm.matches()) throw m.error("format_version", "must look like \"1.0\", found \"" + v + "\"");
        int major = Integer.parseInt(mm.group(1));
        if (major > FORMAT_MAJOR) {
            throw new ModelFormatException(m.file, MANIFEST, "this file was written by a newer Jitbook (format " + major
                    + "); this runtime reads up to " + FORMAT_MAJOR);
        }
        if (major < 1) throw m.error("format_version", "names format " + v + ", which never existed");
        long opset = m.integer(manifest, "opset_version", "");
        if (opset > jitbook.ops.OpRegistry.OPSET_VERSION) {
            throw new ModelFormatException(m.file, MANIFEST, "this file uses op set " + opset + ", newer than this runtime's op set "
                    + jitbook.ops.OpRegistry.OPSET_VERSION + "; load it with a newer Jitbook");
        }
    }

    /**
     * ZipFile could not read the central directory: walk the local headers from the start to
     * say how far the file gets, so the message names the entry that is cut short.
     */
    private static ModelFormatException diagnoseBrokenZip(Path path, String file, IOException cause) {
        String why = cause.getMessage() != null ? cause.getMessage() : "unexpected end of file";
        List<String> complete = new ArrayList<>();
        String current = null;
        try (ZipInputStream zin = new ZipInputStream(new BufferedInputStream(Files.newInputStream(path)), StandardCharsets.UTF_8)) {
            ZipEntry ze;
            while ((ze = zin.getNextEntry()) != null) {
                current = ze.getName();
                zin.transferTo(OutputStream.nullOutputStream());
                complete.add(current);
                current = null;
            }
        } catch (IOException | IllegalArgumentException e) {
            if (current != null) {
                return new ModelFormatException(file, current, "is cut short: the file is truncated or damaged ("
                        + why + "; reading stopped inside this entry)", cause);
            }
        }
        if (complete.isEmpty()) {
            return new ModelFormatException(file, null, "is not a Jitbook model: not a zip archive, or truncated before its first entry ("
                    + why + ")", cause);
        }
        String last = complete.get(complete.size() - 1);
        return new ModelFormatException(file, last, "the file is truncated or damaged: it ends after this entry, without the zip "
                + "directory that should follow (" + why + ")", cause);
    }
}
