package jitbook.ops;

/**
 * max_pool2d and its adjoint on the dtype's own array (no per-element dtype switch or boxing).
 * The forward records, per output element, the input offset of its window's first maximum (a
 * NaN counts as the maximum, as in torch); the adjoint adds each output gradient at that offset.
 * Planes (image, channel) are split over threads for large inputs; each plane is written by one
 * thread, so results do not depend on the split.
 */
final class PoolKernels {
    private PoolKernels() {
    }

    /** Input elements from which the planes are split over threads. */
    static final long PARALLEL_MIN = 1L << 17;

    /** Max pooling; fills {@code argmax} (one int per output element) when it is not null. */
    static NdArray maxPool(NdArray x, Conv.Geometry g, int[] argmax) {
        NdArray out = NdArray.zeros(x.dtype(), g.outShape());
        int planes = g.n * g.c;
        ParallelChunks.Body body;
        if (x.dtype() == DType.FLOAT32) {
            float[] xs = x.floats();
            float[] os = out.floats();
            body = (lo, hi) -> maxFloat(xs, os, argmax, g, lo, hi);
        } else if (x.dtype() == DType.FLOAT64) {
            double[] xs = x.doubles();
            double[] os = out.doubles();
            body = (lo, hi) -> maxDouble(xs, os, argmax, g, lo, hi);
        } else if (x.dtype() == DType.INT64) {
            long[] xs = x.longs();
            long[] os = out.longs();
            body = (lo, hi) -> maxLong(xs, os, argmax, g, lo, hi);
        } else {
            throw new OpException("tensor::max_pool2d", "expects a numeric tensor, got " + x.dtype().irName());
        }
        run(planes, (long) planes * g.h * g.w, body);
        return out;
    }

    private static void run(int planes, long elements, ParallelChunks.Body body) {
        if (elements >= PARALLEL_MIN && ParallelChunks.threads() > 1 && planes > 1) {
            ParallelChunks.run(planes, Math.max(1, planes / (4 * ParallelChunks.threads())), body, () -> false);
        } else {
            body.run(0, planes);
        }
    }

    private static void maxFloat(float[] x, float[] out, int[] arg, Conv.Geometry g, int lo, int hi) {
        int plane = g.h * g.w;
        int oplane = g.oh * g.ow;
        for (int nc = lo; nc < hi; nc++) {
            for (int oh = 0; oh < g.oh; oh++) {
                for (int ow = 0; ow < g.ow; ow++) {
                    int first = nc * plane + oh * g.sh * g.w + ow * g.sw;
                    int best = first;
                    float bv = x[first];
                    for (int ki = 0; ki < g.kh; ki++) {
                        int row = first + ki * g.w;
                        for (int kj = 0; kj < g.kw; kj++) {
                            float v = x[row + kj];
                            // v > bv is false for NaNs: the first NaN wins and stays
                            if (v > bv || (v != v && bv == bv)) {
                                best = row + kj;
                                bv = v;
                            }
                        }
                    }
                    int o = nc * oplane + oh * g.ow + ow;
                    out[o] = bv;
                    if (arg != null) arg[o] = best;
                }
            }
        }
    }

    private static void maxDouble(double[] x, double[] out, int[] arg, Conv.Geometry g, int lo, int hi) {
        int plane = g.h * g.w;
        int oplane = g.oh * g.ow;
        for (int nc = lo; nc < hi; nc++) {
            for (int oh = 0; oh < g.oh; oh++) {
                for (int ow = 0; ow < g.ow; ow++) {
                    int first = nc * plane + oh * g.sh * g.w + ow * g.sw;
                    int best = first;
                    double bv = x[first];
                    for (int ki = 0; ki < g.kh; ki++) {
                        int row = first + ki * g.w;
                        for (int kj = 0; kj < g.kw; kj++) {
                            double v = x[row + kj];
                            if (v > bv || (v != v && bv == bv)) {
                                best = row + kj;
                                bv = v;
                            }
                        }
                    }
                    int o = nc * oplane + oh * g.ow + ow;
                    out[o] = bv;
                    if (arg != null) arg[o] = best;
                }
            }
        }
    }

    private static void maxLong(long[] x, long[] out, int[] arg, Conv.Geometry g, int lo, int hi) {
        int plane = g.h * g.w;
        int oplane = g.oh * g.ow;
        for (int nc = lo; nc < hi; nc++) {
            for (int oh = 0; oh < g.oh; oh++) {
                for (int ow = 0; ow < g.ow; ow++) {
                    int first = nc * plane + oh * g.sh * g.w + ow * g.sw;
                    int best = first;
                    long bv = x[first];
                    for (int ki = 0; ki < g.kh; ki++) {
                        int row = first + ki * g.w;
                        for (int kj = 0; kj < g.kw; kj++) {
                            if (x[row + kj] > bv) {
                                best = row + kj;
                                bv = x[row + kj];
                            }
                        }
                    }
                    int o = nc * oplane + oh * g.ow + ow;
                    out[o] = bv;
                    if (arg != null) arg[o] = best;
                }
            }
        }
    }

    /**
     * The adjoint: dx (x's shape, gy's dtype) with each output gradient added at its window's
     * maximum. Windows overlap only when the stride is below the kernel size; then planes still
     * split cleanly (a window never leaves its plane).
     */
    static NdArray maxPoolBackward(NdArray gy, NdArray x, Conv.Geometry g) {
        int[] arg = new int[Shapes.numel(g.outShape())];
        maxPool(x, g, arg);
        NdArray dx = NdArray.zeros(gy.dtype(), x.shape());
        int oplane = g.oh * g.ow;
        ParallelChunks.Body body;
        if (gy.dtype() == DType.FLOAT32) {
            float[] gs = gy.floats();
            float[] d = dx.floats();
            body = (lo, hi) -> {
                for (int i = lo * oplane; i < hi * oplane; i++) d[arg[i]] += gs[i];
            };
        } else if (gy.dtype() == DType.FLOAT64) {
            double[] gs = gy.doubles();
            double[] d = dx.doubles();
            body = (lo, hi) -> {
                for (int i = lo * oplane; i < hi * oplane; i++) d[arg[i]] += gs[i];
            };
        } else {
            throw new OpException("tensor::max_pool2d_backward", "expects a floating gradient, got " + gy.dtype().irName());
        }
        run(g.n * g.c, (long) g.n * g.c * g.h * g.w, body);
        return dx;
    }
}
