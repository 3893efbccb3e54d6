package jitbook.ops;

import java.util.Arrays;

/** Shape arithmetic shared by kernels and shape rules: element counts, strides, broadcasting, dims. */
public final class Shapes {
    private Shapes() {
    }

    public static int numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = times(n, d);
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more than 2^31-1 elements, which a heap tensor cannot hold");
            }
        }
        return (int) n;
    }

    /**
     * a * b for non-negative sizes, exact, or Long.MAX_VALUE when it overflows 64 bits (so that a
     * product that wraps around can never pass for a small element count).
     */
    public static long times(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    public static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc = times(acc, shape[i]);
        }
        return s;
    }

    /** NumPy broadcasting of two shapes, or null if they do not broadcast. */
    public static long[] broadcastOrNull(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long da = i < n - a.length ? 1 : a[i - (n - a.length)];
            long db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                return null;
            }
        }
        return out;
    }

    public static long[] broadcast(String op, long[] a, long[] b) {
        long[] out = broadcastOrNull(a, b);
        if (out == null) {
            throw new OpException(op, "shapes " + str(a) + " and " + str(b) + " cannot be broadcast together");
        }
        return out;
    }

    /**
     * Strides (in elements) with which to read an array of shape {@code shape} as if it had the
     * broadcast shape {@code target}: 0 along broadcast dimensions.
     */
    public static long[] broadcastStrides(long[] shape, long[] target) {
        long[] own = contiguousStrides(shape);
        long[] s = new long[target.length];
        int off = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            s[i + off] = shape[i] == 1 && target[i + off] != 1 ? 0 : own[i];
        }
        return s;
    }

    /** Normalizes a possibly negative dimension index against a rank, naming the op on error. */
    public static int normDim(String op, long dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new OpException(op, "dimension " + dim + " is out of range for a tensor of rank " + rank);
        }
        return (int) (dim < 0 ? dim + r : dim);
    }

    public static String str(long[] shape) {
        return Arrays.toString(shape);
    }
}
