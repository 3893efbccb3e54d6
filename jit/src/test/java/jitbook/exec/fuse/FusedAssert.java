package jitbook.exec.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jitbook.ops.NdArray;

/** Comparisons of fused against unfused results: same dtype and shape, values within |d| <= atol + rtol |want| (NaN matches NaN). */
final class FusedAssert {
    private FusedAssert() {
    }

    static void close(Object want, Object got, double atol, double rtol, String what) {
        NdArray w = (NdArray) want;
        NdArray g = (NdArray) got;
        assertEquals(w.dtype(), g.dtype(), what + ": dtype");
        assertArrayEquals(w.shape(), g.shape(), what + ": shape");
        for (int i = 0; i < w.numel(); i++) {
            double a = w.getDouble(i);
            double b = g.getDouble(i);
            if (Double.isNaN(a) && Double.isNaN(b)) continue;
            if (a == b) continue;
            if (!(Math.abs(a - b) <= atol + rtol * Math.abs(a))) {
                fail(what + ": element " + i + " of " + w.numel() + ": want " + a + ", got " + b + " (diff " + Math.abs(a - b) + ")");
            }
        }
    }

    static void exact(Object want, Object got, String what) {
        close(want, got, 0, 0, what);
    }
}
