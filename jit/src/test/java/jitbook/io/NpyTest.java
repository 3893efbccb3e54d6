package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.ops.DType;
import jitbook.ops.NdArray;

class NpyTest {
    @TempDir
    Path dir;

    private static NdArray roundTrip(NdArray a) {
        return Npy.read(Npy.write(a), "t.npy", null);
    }

    @Test
    void everySupportedDtypeAndRankRoundTrips() {
        NdArray f = new NdArray(DType.FLOAT32, new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.NaN, Float.POSITIVE_INFINITY, -0f});
        assertArrayEquals(f.floats(), roundTrip(f).floats());
        assertArrayEquals(new long[] {2, 3}, roundTrip(f).shape());
        NdArray d = new NdArray(DType.FLOAT64, new long[] {3}, new double[] {Math.PI, -1e300, 0});
        assertArrayEquals(d.doubles(), roundTrip(d).doubles());
        NdArray l = new NdArray(DType.INT64, new long[0], new long[] {Long.MIN_VALUE});
        assertArrayEquals(l.longs(), roundTrip(l).longs());
        assertEquals(0, roundTrip(l).rank());
        NdArray b = new NdArray(DType.BOOL, new long[] {1, 2}, new boolean[] {true, false});
        assertArrayEquals(b.bools(), roundTrip(b).bools());
        NdArray empty = new NdArray(DType.FLOAT32, new long[] {0, 4}, new float[0]);
        assertArrayEquals(new long[] {0, 4}, roundTrip(empty).shape());
    }

    @Test
    void theHeaderIsNumpysVersionOneZeroAlignedTo64Bytes() {
        byte[] bytes = Npy.write(new NdArray(DType.FLOAT32, new long[] {3}, new float[3]));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertTrue(header.endsWith("\n"));
    }

    @Test
    void otherDtypesFortranOrderAndShortDataAreRefusedByName() {
        byte[] ok = Npy.write(new NdArray(DType.FLOAT32, new long[] {2}, new float[2]));
        String h = new String(ok, StandardCharsets.ISO_8859_1);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> Npy.read(h.replace("<f4", ">f4").getBytes(StandardCharsets.ISO_8859_1), "x.npy", null));
        assertTrue(e.getMessage().startsWith("x.npy: dtype '>f4' is not supported (big-endian"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> Npy.read(h.replace("'<f4'", "'|O8'").getBytes(StandardCharsets.ISO_8859_1), "m.jbm", "tensors/w.npy"));
        assertTrue(e.getMessage().startsWith("m.jbm, entry tensors/w.npy: dtype '|O8'") && e.getMessage().contains("pickles"), e.getMessage());
        e = assertThrows(ModelFormatException.class,
                () -> Npy.read(h.replace("False", "True ").getBytes(StandardCharsets.ISO_8859_1), "x.npy", null));
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 1);
        e = assertThrows(ModelFormatException.class, () -> Npy.read(cut, "x.npy", null));
        assertTrue(e.getMessage().contains("needs 8 bytes of data, the file holds 7"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> Npy.read("PK\3\4 not npy".getBytes(StandardCharsets.US_ASCII), "x.npy", null));
        assertTrue(e.getMessage().contains("not an .npy file"), e.getMessage());
    }

    /** NumPy reads what Jitbook writes, byte for byte as it would write it, and Jitbook reads what NumPy writes. */
    @Test
    void numpyReadsAndWritesTheSameFiles() throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        NdArray f = new NdArray(DType.FLOAT32, new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6.5f});
        Path mine = dir.resolve("mine.npy");
        Files.write(mine, Npy.write(f));
        Path theirs = dir.resolve("theirs.npy");
        Path ints = dir.resolve("ints.npy");
        String script = String.join("\n",
                "import numpy as np, sys",
                "a = np.load(sys.argv[1], allow_pickle=False)",
                "assert a.dtype == np.float32 and a.shape == (2, 3), (a.dtype, a.shape)",
                "assert a[1, 2] == 6.5",
                "np.save(sys.argv[2], np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5)",
                "np.save(sys.argv[3], np.array([[True, False]]))",
                "np.save(sys.argv[1] + '.again.npy', a)");
        Process p = new ProcessBuilder("python3", "-c", script, mine.toString(), theirs.toString(), ints.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        NdArray t = Npy.read(Files.readAllBytes(theirs), "theirs.npy", null);
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, t.floats());
        NdArray b = Npy.read(Files.readAllBytes(ints), "ints.npy", null);
        assertArrayEquals(new boolean[] {true, false}, b.bools());
        assertArrayEquals(Files.readAllBytes(dir.resolve("mine.npy.again.npy")), Files.readAllBytes(mine));
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
