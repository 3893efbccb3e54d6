package jitbook.ops;

/**
 * Materializing strided views. Every shape op that PyTorch answers with a view (transpose,
 * permute, expand, narrow, select) reads its input through strides and an offset; since
 * NdArrays are always contiguous, {@link #gather} copies that view into a fresh array, and
 * {@link #scatter} writes (or adds) a contiguous array into such a view of another array: the
 * adjoint that their gradient ops need.
 */
final class Strided {
    private Strided() {
    }

    /** A new contiguous array of {@code shape} whose element at index i is src[offset + sum(i_d * strides_d)]. */
    static NdArray gather(NdArray src, long[] shape, long[] strides, long offset) {
        NdArray out = NdArray.zeros(src.dtype(), shape);
        walk(src, out, shape, strides, offset, false, false);
        return out;
    }

    /** Writes (or with {@code add}, accumulates) {@code src}, of shape {@code shape}, into the strided view of {@code dst}. */
    static void scatter(NdArray dst, long[] shape, long[] strides, long offset, NdArray src, boolean add) {
        walk(dst, src, shape, strides, offset, true, add);
    }

    /**
     * Walks the strided view of {@code strided} row by row (the last dim is the inner loop);
     * {@code dense} is the contiguous side. Copies strided -> dense, or dense -> strided with
     * {@code toStrided}.
     */
    private static void walk(NdArray strided, NdArray dense, long[] shape, long[] strides, long offset,
                             boolean toStrided, boolean add) {
        int n = Shapes.numel(shape);
        if (n == 0) return;
        int rank = shape.length;
        int inner = rank == 0 ? 1 : (int) shape[rank - 1];
        int innerStride = rank == 0 ? 0 : (int) strides[rank - 1];
        int rows = n / inner;
        int[] idx = new int[Math.max(rank - 1, 0)];
        long base = offset;
        Object s = strided.data();
        Object d = dense.data();
        for (int row = 0; row < rows; row++) {
            int b = (int) base;
            int pos = row * inner;
            if (!toStrided) {
                if (innerStride == 1) {
                    System.arraycopy(s, b, d, pos, inner);
                } else {
                    copyRow(s, b, innerStride, d, pos, 1, inner, false);
                }
            } else {
                copyRow(d, pos, 1, s, b, innerStride, inner, add);
            }
            // advance the multi-index over the outer dims
            for (int k = rank - 2; k >= 0; k--) {
                idx[k]++;
                base += strides[k];
                if (idx[k] < shape[k]) break;
                base -= strides[k] * shape[k];
                idx[k] = 0;
            }
        }
    }

    private static void copyRow(Object from, int f, int fs, Object to, int t, int ts, int n, boolean add) {
        if (from instanceof float[]) {
            float[] a = (float[]) from;
            float[] b = (float[]) to;
            if (add) for (int i = 0; i < n; i++) b[t + i * ts] += a[f + i * fs];
            else for (int i = 0; i < n; i++) b[t + i * ts] = a[f + i * fs];
        } else if (from instanceof double[]) {
            double[] a = (double[]) from;
            double[] b = (double[]) to;
            if (add) for (int i = 0; i < n; i++) b[t + i * ts] += a[f + i * fs];
            else for (int i = 0; i < n; i++) b[t + i * ts] = a[f + i * fs];
        } else if (from instanceof long[]) {
            long[] a = (long[]) from;
            long[] b = (long[]) to;
            if (add) for (int i = 0; i < n; i++) b[t + i * ts] += a[f + i * fs];
            else for (int i = 0; i < n; i++) b[t + i * ts] = a[f + i * fs];
        } else {
            boolean[] a = (boolean[]) from;
            boolean[] b = (boolean[]) to;
            if (add) for (int i = 0; i < n; i++) b[t + i * ts] |= a[f + i * fs];
            else for (int i = 0; i < n; i++) b[t + i * ts] = a[f + i * fs];
        }
    }

    /** Strides of a contiguous array of {@code shape} with its dims reordered by {@code perm}. */
    static long[] permutedStrides(long[] shape, int[] perm) {
        long[] own = Shapes.contiguousStrides(shape);
        long[] s = new long[perm.length];
        for (int i = 0; i < perm.length; i++) s[i] = own[perm[i]];
        return s;
    }

    static long[] permutedShape(long[] shape, int[] perm) {
        long[] s = new long[perm.length];
        for (int i = 0; i < perm.length; i++) s[i] = shape[perm[i]];
        return s;
    }

    /** A contiguous copy of {@code a} with its dims reordered: result dim i is input dim perm[i]. */
    static NdArray permute(NdArray a, int[] perm) {
        return gather(a, permutedShape(a.shape(), perm), permutedStrides(a.shape(), perm), 0);
    }
}
