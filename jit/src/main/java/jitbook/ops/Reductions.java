package jitbook.ops;

/**
 * The loops behind reductions. A reduction over a set of dims first moves those dims last (a
 * materialized permute, skipped when they already are), so that every result element reduces
 * one contiguous block: {@code outer} blocks of {@code inner} elements each. Floating-point sums
 * skip the permute (they walk the input in memory order with the same order of additions).
 */
final class Reductions {
    private Reductions() {
    }

    /** A tensor laid out for reduction: {@code outer} contiguous blocks of {@code inner} elements. */
    static final class Plan {
        final NdArray data;
        final int outer;
        final int inner;
        /** Result shape without and with the reduced dims kept as 1s. */
        final long[] shape;
        final long[] keepShape;

        Plan(NdArray data, int outer, int inner, long[] shape, long[] keepShape) {
            this.data = data;
            this.outer = outer;
            this.inner = inner;
            this.shape = shape;
            this.keepShape = keepShape;
        }

        long[] resultShape(boolean keepdim) {
            return keepdim ? keepShape : shape;
        }
    }

    /** Which dims are reduced; null or an empty list means all. Duplicates and out-of-range dims are errors. */
    static boolean[] mask(String op, long[] dims, long[] shape) {
        int rank = shape.length;
        boolean[] m = new boolean[rank];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(m, true);
            return m;
        }
        for (long d : dims) {
            int k = Shapes.normDim(op, d, rank);
            if (rank == 0) continue;
            if (m[k]) {
                throw new OpException(op, "dimension " + d + " appears twice in dims " + Shapes.str(dims)
                        + " for a tensor of shape " + Shapes.str(shape));
            }
            m[k] = true;
        }
        return m;
    }

    /** The shape of a reduction's result. */
    static long[] resultShape(String op, long[] shape, long[] dims, boolean keepdim) {
        return resultShape(shape, mask(op, dims, shape), keepdim);
    }

    private static long[] resultShape(long[] shape, boolean[] m, boolean keepdim) {
        int kept = 0;
        for (boolean b : m) if (!b) kept++;
        long[] out = new long[keepdim ? shape.length : kept];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!m[i]) out[j++] = shape[i];
            else if (keepdim) out[j++] = 1;
        }
        return out;
    }

    /** How many elements each result element of a reduction over {@code dims} combines. */
    static long count(String op, long[] shape, long[] dims) {
        boolean[] m = mask(op, dims, shape);
        long n = 1;
        for (int i = 0; i < shape.length; i++) if (m[i]) n *= shape[i];
        return n;
    }

    static Plan plan(String op, NdArray x, long[] dims) {
        long[] shape = x.shape();
        boolean[] m = mask(op, dims, shape);
        int rank = shape.length;
        int[] perm = new int[rank];
        int j = 0;
        long outer = 1;
        long inner = 1;
        for (int i = 0; i < rank; i++) {
            if (!m[i]) {
                perm[j++] = i;
                outer *= shape[i];
            }
        }
        for (int i = 0; i < rank; i++) {
            if (m[i]) {
                perm[j++] = i;
                inner *= shape[i];
            }
        }
        boolean identity = true;
        for (int i = 0; i < rank; i++) identity &= perm[i] == i;
        NdArray data = identity ? x : Strided.permute(x, perm);
        return new Plan(data, (int) outer, (int) inner, resultShape(op, shape, dims, false),
                resultShape(op, shape, dims, true));
    }

    /** The dtype of a sum: floating dtypes are kept, int and bool sum to int64. */
    static DType sumType(DType t) {
        return t.isFloating() ? t : DType.INT64;
    }

    static NdArray sum(String op, NdArray x, long[] dims, boolean keepdim) {
        if (x.dtype().isFloating()) {
            boolean[] m = mask(op, dims, x.shape());
            if (reducedBeforeKept(m)) return sumInPlace(x, m, resultShape(x.shape(), m, keepdim));
        }
        return sumPermuted(op, x, dims, keepdim);
    }

    /** The sum by {@link #plan}: the reduced dims moved last, then one contiguous block per result. */
    static NdArray sumPermuted(String op, NdArray x, long[] dims, boolean keepdim) {
        Plan p = plan(op, x, dims);
        NdArray out = NdArray.zeros(sumType(x.dtype()), p.resultShape(keepdim));
        NdArray d = p.data;
        int inner = p.inner;
        switch (d.dtype()) {
            case FLOAT32: {
                float[] a = d.floats();
                float[] o = out.floats();
                for (int i = 0; i < p.outer; i++) {
                    double acc = 0;
                    for (int k = i * inner, e = k + inner; k < e; k++) acc += a[k];
                    o[i] = (float) acc;
                }
                break;
            }
            case FLOAT64: {
                double[] a = d.doubles();
                double[] o = out.doubles();
                for (int i = 0; i < p.outer; i++) {
                    double acc = 0;
                    for (int k = i * inner, e = k + inner; k < e; k++) acc += a[k];
                    o[i] = acc;
                }
                break;
            }
            default: {
                long[] o = out.longs();
                for (int i = 0; i < p.outer; i++) {
                    long acc = 0;
                    for (int k = i * inner, e = k + inner; k < e; k++) acc += d.getLong(k);
                    o[i] = acc;
                }
            }
        }
        return out;
    }

    /** Whether some reduced dim comes before a kept one (so {@link #plan} would permute). */
    private static boolean reducedBeforeKept(boolean[] m) {
        boolean reduced = false;
        for (boolean r : m) {
            if (r) reduced = true;
            else if (reduced) return true;
        }
        return false;
    }

    /**
     * A floating-point sum over dims that are not all last (the adjoint of broadcasting: a bias
     * gradient sums over the batch), without the permuted copy: the input is walked once in memory
     * order, each element added to its result's double accumulator. Each result still adds its
     * elements in the order of the reduced dims, starting from 0, so the bits are those of the
     * permuted sum; a kept last dim makes the inner loop a vectorizable row addition.
     */
    private static NdArray sumInPlace(NdArray x, boolean[] m, long[] resultShape) {
        long[] shape = x.shape();
        // consecutive dims of the same kind collapse into one group
        int[] size = new int[shape.length];
        boolean[] reduced = new boolean[shape.length];
        int groups = 0;
        for (int i = 0; i < shape.length; i++) {
            if (groups > 0 && reduced[groups - 1] == m[i]) {
                size[groups - 1] *= (int) shape[i];
            } else {
                size[groups] = (int) shape[i];
                reduced[groups++] = m[i];
            }
        }
        int[] inStride = new int[groups];
        int[] outStride = new int[groups];
        int in = 1;
        int out = 1;
        for (int g = groups - 1; g >= 0; g--) {
            inStride[g] = in;
            in *= size[g];
            outStride[g] = reduced[g] ? 0 : out;
            if (!reduced[g]) out *= size[g];
        }
        double[] acc = new double[out];
        int last = groups - 1;
        int rows = in / Math.max(1, size[last]);
        int len = size[last];
        boolean single = x.dtype() == DType.FLOAT32;
        float[] fs = single ? x.floats() : null;
        double[] ds = single ? null : x.doubles();
        int[] idx = new int[groups];
        for (int r = 0; r < rows && len > 0; r++) {
            int ib = 0;
            int ob = 0;
            for (int g = 0; g < last; g++) {
                ib += idx[g] * inStride[g];
                ob += idx[g] * outStride[g];
            }
            if (reduced[last]) {
                double a = acc[ob];
                if (single) for (int k = ib, e = ib + len; k < e; k++) a += fs[k];
                else for (int k = ib, e = ib + len; k < e; k++) a += ds[k];
                acc[ob] = a;
            } else if (single) {
                for (int j = 0; j < len; j++) acc[ob + j] += fs[ib + j];
            } else {
                for (int j = 0; j < len; j++) acc[ob + j] += ds[ib + j];
            }
            for (int g = last - 1; g >= 0; g--) { // the odometer over the outer groups
                if (++idx[g] < size[g]) break;
                idx[g] = 0;
            }
        }
        NdArray result = NdArray.zeros(x.dtype(), resultShape);
        if (single) {
            float[] o = result.floats();
            for (int i = 0; i < out; i++) o[i] = (float) acc[i];
        } else {
            System.arraycopy(acc, 0, result.doubles(), 0, out);
        }
        return result;
    }

    /**
     * Sums {@code x} down to {@code target}, which must broadcast to x's shape: the adjoint of
     * broadcasting. The result always has exactly the target shape.
     */
    static NdArray sumToSize(String op, NdArray x, long[] target) {
        long[] shape = x.shape();
        checkSumTo(op, shape, target);
        int lead = shape.length - target.length;
        long[] dims = new long[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (i < lead || (target[i - lead] == 1 && shape[i] != 1)) dims[n++] = i;
        }
        if (n == 0) {
            NdArray c = x.dtype() == DType.BOOL ? x.to(DType.INT64) : x.copy();
            return c.reshapeView(target);
        }
        return sum(op, x, java.util.Arrays.copyOf(dims, n), false).reshapeView(target);
    }

    static void checkSumTo(String op, long[] shape, long[] target) {
        long[] b = Shapes.broadcastOrNull(target, shape);
        if (b == null || !java.util.Arrays.equals(b, shape)) {
            throw new OpException(op, "cannot sum a tensor of shape " + Shapes.str(shape) + " down to shape "
                    + Shapes.str(target) + " (the target must broadcast to the input's shape)");
        }
    }
}
