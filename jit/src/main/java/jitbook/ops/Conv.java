package jitbook.ops;

import java.util.List;

/**
 * Geometry and argument checks of conv2d and max_pool2d on NCHW tensors (sizes, stride,
 * padding; every size refused before anything is allocated). The loops are in
 * {@link ConvKernels} and {@link PoolKernels}.
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

    static void checkGrad(String op, NdArray grad, Geometry g) {
        if (!java.util.Arrays.equals(grad.shape(), g.outShape())) {
            throw new OpException(op, "gradient of shape " + Shapes.str(grad.shape()) + " does not match the output shape "
                    + Shapes.str(g.outShape()));
        }
    }
}
