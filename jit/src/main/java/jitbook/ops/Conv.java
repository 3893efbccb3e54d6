package jitbook.ops;

import java.util.List;

/**
 * The loops behind conv2d and max_pool2d on NCHW tensors. A convolution is im2col + matmul: an
 * index map (computed once per call) sends each column entry (c, ki, kj; oh, ow) to its input
 * offset within one image, or -1 for padding; gathering through it builds the column matrix,
 * scattering through it (with addition) is the adjoint that the input gradient needs.
 */
final class Conv {
    private Conv() {
    }

    /** Sizes of one convolution or pooling: input (n, c, h, w), kernel (o, kh, kw), output (oh, ow). */
    static final class Geometry {
        int n;
        int c;
        int h;
        int w;
        int o;
        int kh;
        int kw;
        int sh;
        int sw;
        int ph;
        int pw;
        int oh;
        int ow;

        int ckk() {
            return c * kh * kw;
        }

        int l() {
            return oh * ow;
        }

        long[] outShape() {
            return new long[] {n, o, oh, ow};
        }
    }

    /** A pair from an int list of length 1 or 2 (torch accepts both for 2-D ops). */
    static int[] pair(String op, String what, long[] v, long[] input) {
        for (long x : v) {
            // Casting would wrap silently (a padding of 2^32 + 1 would act as 1).
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                throw new OpException(op, what + " " + Shapes.str(v) + " is out of range (input of shape " + Shapes.str(input) + ")");
            }
        }
        if (v.length == 1) return new int[] {(int) v[0], (int) v[0]};
        if (v.length == 2) return new int[] {(int) v[0], (int) v[1]};
        throw new OpException(op, what + " must have 1 or 2 elements, got " + Shapes.str(v) + " (input of shape "
                + Shapes.str(input) + ")");
    }

    static Geometry convGeometry(String op, long[] x, long[] wt, long[] stride, long[] padding) {
        if (x.length != 4 || wt.length != 4) {
            throw new OpException(op, "expects a 4-D input (N, C, H, W) and a 4-D weight (O, C, KH, KW), got shapes "
                    + Shapes.str(x) + " and " + Shapes.str(wt));
        }
        if (x[1] != wt[1]) {
            throw new OpException(op, "input of shape " + Shapes.str(x) + " has " + x[1] + " channels but weight of shape "
                    + Shapes.str(wt) + " expects " + wt[1]);
        }
        Geometry g = new Geometry();
        g.n = (int) x[0];
        g.c = (int) x[1];
        g.h = (int) x[2];
        g.w = (int) x[3];
        g.o = (int) wt[0];
        g.kh = (int) wt[2];
        g.kw = (int) wt[3];
        int[] s = pair(op, "stride", stride, x);
        int[] p = pair(op, "padding", padding, x);
        finish(op, g, s, p, x, wt);
        checkSize(op, "column matrix", (double) g.ckk() * g.oh * g.ow, x, wt);
        return g;
    }

    static Geometry poolGeometry(String op, long[] x, long[] kernel, long[] stride) {
        if (x.length != 4) {
            throw new OpException(op, "expects a 4-D input (N, C, H, W), got shape " + Shapes.str(x));
        }
        Geometry g = new Geometry();
        g.n = (int) x[0];
        g.c = (int) x[1];
        g.h = (int) x[2];
        g.w = (int) x[3];
        g.o = g.c;
        int[] k = pair(op, "kernel_size", kernel, x);
        g.kh = k[0];
        g.kw = k[1];
        int[] s = stride.length == 0 ? k : pair(op, "stride", stride, x);
        finish(op, g, s, new int[] {0, 0}, x, kernel);
        return g;
    }

    private static void finish(String op, Geometry g, int[] s, int[] p, long[] x, long[] k) {
        g.sh = s[0];
        g.sw = s[1];
        g.ph = p[0];
        g.pw = p[1];
        if (g.sh <= 0 || g.sw <= 0 || g.ph < 0 || g.pw < 0 || g.kh <= 0 || g.kw <= 0) {
            throw new OpException(op, "stride and kernel must be positive and padding non-negative (stride " + g.sh + "x" + g.sw
                    + ", padding " + g.ph + "x" + g.pw + ", kernel " + g.kh + "x" + g.kw + ")");
        }
        // In long arithmetic: a huge padding must not wrap around into a small (or negative) size
        // that then reaches the array allocations and ND4J's GEMM.
        long hh = (long) g.h + 2L * g.ph - g.kh;
        long ww = (long) g.w + 2L * g.pw - g.kw;
        if (hh < 0 || ww < 0) {
            throw new OpException(op, "kernel " + g.kh + "x" + g.kw + " is larger than the padded input (input of shape "
                    + Shapes.str(x) + ", kernel " + Shapes.str(k) + ")");
        }
        long oh = hh / g.sh + 1;
        long ow = ww / g.sw + 1;
        checkSize(op, "output", (double) g.n * g.o * oh * ow, x, k);
        g.oh = (int) oh;
        g.ow = (int) ow;
    }

    /** Refuses an intermediate of more elements than a heap array holds, before anything is allocated. */
    private static void checkSize(String op, String what, double elements, long[] x, long[] k) {
        if (elements > Integer.MAX_VALUE) {
            throw new OpException(op, "the " + what + " would have " + String.format(java.util.Locale.ROOT, "%.3g", elements)
                    + " elements, more than the 2^31-1 a tensor holds "
                    + "(input of shape " + Shapes.str(x) + ", kernel " + Shapes.str(k) + "; check the padding and stride)");
        }
    }

    /** For each column-matrix entry (row-major [c*kh*kw][oh*ow]), its offset within one image, or -1 (padding). */
    static int[] columnMap(Geometry g) {
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

    /** The column matrix of image {@code img}: cols[i] = x[base + map[i]] (0 for padding). */
    static void im2col(NdArray x, int base, int[] map, NdArray cols) {
        if (x.dtype() == DType.FLOAT32) {
            float[] s = x.floats();
            float[] d = cols.floats();
            for (int i = 0; i < map.length; i++) d[i] = map[i] < 0 ? 0f : s[base + map[i]];
        } else {
            double[] s = x.doubles();
            double[] d = cols.doubles();
            for (int i = 0; i < map.length; i++) d[i] = map[i] < 0 ? 0.0 : s[base + map[i]];
        }
    }

    /** The adjoint of im2col: dx[base + map[i]] += cols[i]. */
    static void col2imAdd(NdArray cols, int[] map, NdArray dx, int base) {
        if (dx.dtype() == DType.FLOAT32) {
            float[] s = cols.floats();
            float[] d = dx.floats();
            for (int i = 0; i < map.length; i++) if (map[i] >= 0) d[base + map[i]] += s[i];
        } else {
            double[] s = cols.doubles();
            double[] d = dx.doubles();
            for (int i = 0; i < map.length; i++) if (map[i] >= 0) d[base + map[i]] += s[i];
        }
    }

    /** Casts all to one floating dtype, or fails naming the op and shapes. */
    static DType floatingType(String op, List<NdArray> arrays) {
        DType t = null;
        StringBuilder shapes = new StringBuilder();
        boolean bad = false;
        for (NdArray a : arrays) {
            if (a == null) continue;
            t = t == null ? a.dtype() : DType.promote(t, a.dtype());
            bad |= !a.dtype().isFloating();
            shapes.append(shapes.length() == 0 ? "" : ", ").append(a.dtype().irName()).append(Shapes.str(a.shape()));
        }
        if (bad) throw new OpException(op, "expects floating tensors, got " + shapes);
        return t;
    }

    static NdArray as(NdArray a, DType t) {
        return a == null || a.dtype() == t ? a : a.to(t);
    }

    static NdArray conv2d(String op, NdArray x, NdArray w, NdArray b, long[] stride, long[] padding) {
        Geometry g = convGeometry(op, x.shape(), w.shape(), stride, padding);
        if (b != null && (b.rank() != 1 || b.dim(0) != g.o)) {
            throw new OpException(op, "bias of shape " + Shapes.str(b.shape()) + " does not match weight of shape "
                    + Shapes.str(w.shape()) + " (expected [" + g.o + "])");
        }
        DType t = floatingType(op, java.util.Arrays.asList(x, w, b));
        x = as(x, t);
        w = as(w, t);
        b = as(b, t);
        int[] map = columnMap(g);
        NdArray cols = NdArray.zeros(t, new long[] {g.ckk(), g.l()});
        NdArray out = NdArray.zeros(t, g.outShape());
        int img = g.c * g.h * g.w;
        int ol = g.o * g.l();
        for (int n = 0; n < g.n; n++) {
            im2col(x, n * img, map, cols);
            Matmul.gemm(w.data(), 0, cols.data(), 0, out.data(), n * ol, g.o, g.ckk(), g.l());
            if (b != null) {
                for (int o = 0; o < g.o; o++) {
                    double bv = b.getDouble(o);
                    int base = n * ol + o * g.l();
                    for (int i = 0; i < g.l(); i++) out.setDouble(base + i, out.getDouble(base + i) + bv);
                }
            }
        }
        return out;
    }

    static void checkGrad(String op, NdArray grad, Geometry g) {
        if (!java.util.Arrays.equals(grad.shape(), g.outShape())) {
            throw new OpException(op, "gradient of shape " + Shapes.str(grad.shape()) + " does not match the output shape "
                    + Shapes.str(g.outShape()));
        }
    }

    static NdArray conv2dBackwardInput(String op, NdArray gy, NdArray x, NdArray w, long[] stride, long[] padding) {
        Geometry g = convGeometry(op, x.shape(), w.shape(), stride, padding);
        checkGrad(op, gy, g);
        DType t = floatingType(op, java.util.Arrays.asList(gy, w));
        gy = as(gy, t);
        NdArray wt = Strided.permute(as(w, t).reshapeView(new long[] {g.o, g.ckk()}), new int[] {1, 0});
        int[] map = columnMap(g);
        NdArray dx = NdArray.zeros(t, x.shape());
        int img = g.c * g.h * g.w;
        int ol = g.o * g.l();
        for (int n = 0; n < g.n; n++) {
            NdArray cols = NdArray.zeros(t, new long[] {g.ckk(), g.l()});
            Matmul.gemm(wt.data(), 0, gy.data(), n * ol, cols.data(), 0, g.ckk(), g.o, g.l());
            col2imAdd(cols, map, dx, n * img);
        }
        return dx;
    }

    static NdArray conv2dBackwardWeight(String op, NdArray gy, NdArray x, NdArray w, long[] stride, long[] padding) {
        Geometry g = convGeometry(op, x.shape(), w.shape(), stride, padding);
        checkGrad(op, gy, g);
        DType t = floatingType(op, java.util.Arrays.asList(gy, x));
        gy = as(gy, t);
        x = as(x, t);
        int[] map = columnMap(g);
        NdArray cols = NdArray.zeros(t, new long[] {g.ckk(), g.l()});
        NdArray dw = NdArray.zeros(t, new long[] {g.o, g.ckk()});
        NdArray part = NdArray.zeros(t, new long[] {g.o, g.ckk()});
        int img = g.c * g.h * g.w;
        int ol = g.o * g.l();
        for (int n = 0; n < g.n; n++) {
            im2col(x, n * img, map, cols);
            NdArray colsT = Strided.permute(cols, new int[] {1, 0});
            clear(part);
            Matmul.gemm(gy.data(), n * ol, colsT.data(), 0, part.data(), 0, g.o, g.l(), g.ckk());
            for (int i = 0; i < dw.numel(); i++) dw.setDouble(i, dw.getDouble(i) + part.getDouble(i));
        }
        return dw.reshapeView(w.shape());
    }

    private static void clear(NdArray a) {
        if (a.dtype() == DType.FLOAT32) java.util.Arrays.fill(a.floats(), 0f);
        else java.util.Arrays.fill(a.doubles(), 0.0);
    }

    /** Max pooling; also returns, per output element, the input offset of its (first) maximum. */
    static NdArray maxPool(String op, NdArray x, Geometry g, int[] argmax) {
        NdArray out = NdArray.zeros(x.dtype(), g.outShape());
        int plane = g.h * g.w;
        int oplane = g.oh * g.ow;
        for (int nc = 0; nc < g.n * g.c; nc++) {
            for (int oh = 0; oh < g.oh; oh++) {
                for (int ow = 0; ow < g.ow; ow++) {
                    int best = -1;
                    double bv = 0;
                    for (int ki = 0; ki < g.kh; ki++) {
                        for (int kj = 0; kj < g.kw; kj++) {
                            int off = nc * plane + (oh * g.sh + ki) * g.w + ow * g.sw + kj;
                            double v = x.getDouble(off);
                            if (best < 0 || v > bv || (Double.isNaN(v) && !Double.isNaN(bv))) {
                                best = off;
                                bv = v;
                            }
                        }
                    }
                    int o = nc * oplane + oh * g.ow + ow;
                    if (argmax != null) argmax[o] = best;
                    if (x.dtype() == DType.INT64) out.setLong(o, x.getLong(best)); else out.setDouble(o, bv);
                }
            }
        }
        return out;
    }
}
