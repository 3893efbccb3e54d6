package jitbook.ops;

import java.util.Arrays;

/**
 * conv2d and its two adjoints as im2col + {@link Gemm}. An index map (computed once per call)
 * sends each column-matrix entry (c, ki, kj; oh, ow) to its offset within one image, or -1 for
 * padding: gathering through it builds an image's column matrix, scattering through it with
 * addition is the adjoint the input gradient needs. Per image:
 *
 * <ul>
 * <li>forward: {@code out[n] = W (o x ckk) @ cols (ckk x l)}, bias added in the same pass;
 * <li>input gradient: {@code cols = W^T @ gy[n]} (W read transposed, never copied), scattered;
 * <li>weight gradient: {@code dW += gy[n] (o x l) @ colsT (l x ckk)}, the columns gathered
 * already transposed.
 * </ul>
 *
 * Images are split over threads when there are several and the work is large enough, each
 * thread with its own column buffer. The weight gradient sums per-group partials of
 * {@link #WEIGHT_GROUP} images in group order, so its bits do not depend on the thread count.
 */
final class ConvKernels {
    private ConvKernels() {
    }

    /** Images per partial weight-gradient sum (fixed, so the summation order is too). */
    static final int WEIGHT_GROUP = 4;

    /** Whether to split the images of this call over threads. */
    private static boolean parallel(Conv.Geometry g) {
        return g.n > 1 && ParallelChunks.threads() > 1 && (long) g.n * g.o * g.ckk() * g.l() >= Gemm.PARALLEL_MIN;
    }

    /** Runs {@code body} over {@code [0, count)}: in chunks over threads (a few per thread, so uneven cores balance) or in one go. */
    private static void eachImage(int count, boolean parallel, ParallelChunks.Body body) {
        if (parallel) ParallelChunks.run(count, Math.max(1, count / (2 * ParallelChunks.threads())), body, () -> false);
        else body.run(0, count);
    }

    /** For each column-matrix entry (row-major [c*kh*kw][oh*ow]), its offset within one image, or -1 (padding). */
    static int[] columnMap(Conv.Geometry g) {
        int l = g.l();
        int[] map = new int[g.ckk() * l];
        for (int c = 0; c < g.c; c++) {
            for (int ki = 0; ki < g.kh; ki++) {
                for (int kj = 0; kj < g.kw; kj++) {
                    int row = (c * g.kh + ki) * g.kw + kj;
                    for (int oh = 0; oh < g.oh; oh++) {
                        int y = oh * g.sh - g.ph + ki;
                        for (int ow = 0; ow < g.ow; ow++) {
                            int x = ow * g.sw - g.pw + kj;
                            boolean in = y >= 0 && y < g.h && x >= 0 && x < g.w;
                            map[row * l + oh * g.ow + ow] = in ? (c * g.h + y) * g.w + x : -1;
                        }
                    }
                }
            }
        }
        return map;
    }

    /** The transpose of a column map: entry (p, r) of the [l][ckk] result is entry (r, p) of {@code map}. */
    static int[] transposedMap(int[] map, int rows, int cols) {
        int[] t = new int[map.length];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < cols; p++) t[p * rows + r] = map[r * cols + p];
        }
        return t;
    }

    /** cols[i] = x[base + map[i]] (0 for padding). */
    static void gather(Object x, int base, int[] map, Object cols) {
        if (x instanceof float[]) {
            float[] s = (float[]) x;
            float[] d = (float[]) cols;
            for (int i = 0; i < map.length; i++) {
                int o = map[i];
                d[i] = o < 0 ? 0f : s[base + o];
            }
        } else {
            double[] s = (double[]) x;
            double[] d = (double[]) cols;
            for (int i = 0; i < map.length; i++) {
                int o = map[i];
                d[i] = o < 0 ? 0.0 : s[base + o];
            }
        }
    }

    /** The adjoint of {@link #gather}: dx[base + map[i]] += cols[i]. */
    static void scatterAdd(Object cols, int[] map, Object dx, int base) {
        if (dx instanceof float[]) {
            float[] s = (float[]) cols;
            float[] d = (float[]) dx;
            for (int i = 0; i < map.length; i++) if (map[i] >= 0) d[base + map[i]] += s[i];
        } else {
            double[] s = (double[]) cols;
            double[] d = (double[]) dx;
            for (int i = 0; i < map.length; i++) if (map[i] >= 0) d[base + map[i]] += s[i];
        }
    }

    static NdArray conv2d(String op, NdArray x, NdArray w, NdArray b, long[] stride, long[] padding) {
        Conv.Geometry g = Conv.convGeometry(op, x.shape(), w.shape(), stride, padding);
        if (b != null && (b.rank() != 1 || b.dim(0) != g.o)) {
            throw new OpException(op, "bias of shape " + Shapes.str(b.shape()) + " does not match weight of shape "
                    + Shapes.str(w.shape()) + " (expected [" + g.o + "])");
        }
        DType t = Conv.floatingType(op, Arrays.asList(x, w, b));
        Object xs = Conv.as(x, t).data();
        Object ws = Conv.as(w, t).data();
        Object bs = b == null ? null : Conv.as(b, t).data();
        int[] map = columnMap(g);
        NdArray out = NdArray.zeros(t, g.outShape());
        Object os = out.data();
        int img = g.c * g.h * g.w;
        int l = g.l();
        int ol = g.o * l;
        boolean par = parallel(g);
        ParallelChunks.Body images = (lo, hi) -> {
            Object cols = NdArray.allocate(t, map.length);
            for (int n = lo; n < hi; n++) {
                gather(xs, n * img, map, cols);
                Gemm.gemm(false, false, g.o, l, g.ckk(), ws, 0, cols, 0, os, n * ol, false, !par);
                if (bs != null) addBias(os, n * ol, bs, g.o, l);
            }
        };
        eachImage(g.n, par, images);
        return out;
    }

    private static void addBias(Object out, int base, Object bias, int channels, int plane) {
        if (out instanceof float[]) {
            float[] o = (float[]) out;
            float[] b = (float[]) bias;
            for (int c = 0; c < channels; c++) {
                float v = b[c];
                int s = base + c * plane;
                for (int i = 0; i < plane; i++) o[s + i] += v;
            }
        } else {
            double[] o = (double[]) out;
            double[] b = (double[]) bias;
            for (int c = 0; c < channels; c++) {
                double v = b[c];
                int s = base + c * plane;
                for (int i = 0; i < plane; i++) o[s + i] += v;
            }
        }
    }

    static NdArray conv2dBackwardInput(String op, NdArray gy, NdArray x, NdArray w, long[] stride, long[] padding) {
        Conv.Geometry g = Conv.convGeometry(op, x.shape(), w.shape(), stride, padding);
        Conv.checkGrad(op, gy, g);
        DType t = Conv.floatingType(op, Arrays.asList(gy, w));
        Object gs = Conv.as(gy, t).data();
        Object ws = Conv.as(w, t).data();
        int[] map = columnMap(g);
        NdArray dx = NdArray.zeros(t, x.shape());
        Object dxs = dx.data();
        int img = g.c * g.h * g.w;
        int l = g.l();
        int ol = g.o * l;
        boolean par = parallel(g);
        ParallelChunks.Body images = (lo, hi) -> {
            Object cols = NdArray.allocate(t, map.length);
            for (int n = lo; n < hi; n++) {
                // W is (o x ckk): read transposed, it is the (ckk x o) left operand
                Gemm.gemm(true, false, g.ckk(), l, g.o, ws, 0, gs, n * ol, cols, 0, false, !par);
                scatterAdd(cols, map, dxs, n * img);
            }
        };
        eachImage(g.n, par, images);
        return dx;
    }

    static NdArray conv2dBackwardWeight(String op, NdArray gy, NdArray x, NdArray w, long[] stride, long[] padding) {
        Conv.Geometry g = Conv.convGeometry(op, x.shape(), w.shape(), stride, padding);
        Conv.checkGrad(op, gy, g);
        DType t = Conv.floatingType(op, Arrays.asList(gy, x));
        Object gs = Conv.as(gy, t).data();
        Object xs = Conv.as(x, t).data();
        int l = g.l();
        int ckk = g.ckk();
        int[] mapT = transposedMap(columnMap(g), ckk, l);
        int img = g.c * g.h * g.w;
        int ol = g.o * l;
        int size = g.o * ckk;
        int groups = Math.max(1, (g.n + WEIGHT_GROUP - 1) / WEIGHT_GROUP);
        boolean par = parallel(g) && groups > 1;
        NdArray dw = NdArray.zeros(t, new long[] {g.o, ckk});
        // each group of images sums into its own partial (the first into dw itself)
        Object[] partials = new Object[groups];
        partials[0] = dw.data();
        ParallelChunks.Body body = (lo, hi) -> {
            Object colsT = NdArray.allocate(t, mapT.length);
            for (int q = lo; q < hi; q++) {
                if (partials[q] == null) partials[q] = NdArray.allocate(t, size);
                for (int n = q * WEIGHT_GROUP; n < Math.min(g.n, (q + 1) * WEIGHT_GROUP); n++) {
                    gather(xs, n * img, mapT, colsT);
                    Gemm.gemm(false, false, g.o, ckk, l, gs, n * ol, colsT, 0, partials[q], 0, n > q * WEIGHT_GROUP, !par);
                }
            }
        };
        eachImage(groups, par, body);
        for (int q = 1; q < groups; q++) addInto(dw.data(), partials[q]);
        return dw.reshapeView(w.shape());
    }

    private static void addInto(Object dst, Object src) {
        if (dst instanceof float[]) {
            float[] d = (float[]) dst;
            float[] s = (float[]) src;
            for (int i = 0; i < d.length; i++) d[i] += s[i];
        } else {
            double[] d = (double[]) dst;
            double[] s = (double[]) src;
            for (int i = 0; i < d.length; i++) d[i] += s[i];
        }
    }
}
