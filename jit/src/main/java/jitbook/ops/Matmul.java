package jitbook.ops;

import java.util.Arrays;

/**
 * Matrix products with torch.matmul's rules: 1-D operands are promoted to a row (left) or a
 * column (right) and the added dimension is removed from the result; leading batch dimensions
 * broadcast. Products are plain Java i-k-j loops (accumulating in the dtype) up to
 * {@link #BLAS_THRESHOLD} multiply-adds, ND4J's BLAS above.
 */
final class Matmul {
    private Matmul() {
    }

    /**
     * n*k*m above which a float product goes to ND4J's BLAS. Measured with MatmulCrossoverTiming
     * (float32 square products, 2 shared cores under load, so noisy): ND4J costs a fixed ~50 us a
     * call (copies, native dispatch); at 32^3 the Java loop takes 14 us, at 48^3 74 vs 101 us, at
     * 64^3 about even (~100 us each), at 80^3-96^3 ND4J is 1.3-1.4x faster and at 256^3 3x.
     */
    static final long BLAS_THRESHOLD = 64L * 64 * 64;

    /** Results of the shape analysis: output shape, the 2-D views' sizes and batch shapes. */
    static final class Dims {
        long[] out;
        long[] batch;
        long[] aBatch;
        long[] bBatch;
        int n;
        int k;
        int m;
    }

    static Dims dims(String op, long[] sa, long[] sb) {
        if (sa.length == 0 || sb.length == 0) {
            throw new OpException(op, "both arguments must be at least 1-D, got shapes " + Shapes.str(sa) + " and " + Shapes.str(sb));
        }
        long[] a2 = sa.length == 1 ? new long[] {1, sa[0]} : sa;
        long[] b2 = sb.length == 1 ? new long[] {sb[0], 1} : sb;
        Dims d = new Dims();
        d.n = (int) a2[a2.length - 2];
        d.k = (int) a2[a2.length - 1];
        d.m = (int) b2[b2.length - 1];
        if (b2[b2.length - 2] != d.k) {
            throw new OpException(op, "shapes " + Shapes.str(sa) + " and " + Shapes.str(sb) + " cannot be multiplied ("
                    + d.k + " vs " + b2[b2.length - 2] + " in the contracted dimension)");
        }
        d.aBatch = Arrays.copyOf(a2, a2.length - 2);
        d.bBatch = Arrays.copyOf(b2, b2.length - 2);
        d.batch = Shapes.broadcastOrNull(d.aBatch, d.bBatch);
        if (d.batch == null) {
            throw new OpException(op, "batch dimensions of shapes " + Shapes.str(sa) + " and " + Shapes.str(sb)
                    + " cannot be broadcast together");
        }
        long[] out = Arrays.copyOf(d.batch, d.batch.length + 2);
        int len = d.batch.length;
        if (sa.length > 1) out[len++] = d.n;
        if (sb.length > 1) out[len++] = d.m;
        d.out = Arrays.copyOf(out, len);
        return d;
    }

    static DType resultType(String op, DType a, DType b, long[] sa, long[] sb) {
        if (a == DType.BOOL || b == DType.BOOL) {
            throw new OpException(op, "bool tensors cannot be multiplied (shapes " + Shapes.str(sa) + " and " + Shapes.str(sb) + ")");
        }
        return DType.promote(a, b);
    }

    static NdArray matmul(String op, NdArray a, NdArray b) {
        Dims d = dims(op, a.shape(), b.shape());
        DType t = resultType(op, a.dtype(), b.dtype(), a.shape(), b.shape());
        NdArray x = a.dtype() == t ? a : a.to(t);
        NdArray y = b.dtype() == t ? b : b.to(t);
        NdArray out = NdArray.zeros(t, d.out);
        int batches = Shapes.numel(d.batch);
        Elementwise.BroadcastIndex ia = new Elementwise.BroadcastIndex(d.aBatch, d.batch);
        Elementwise.BroadcastIndex ib = new Elementwise.BroadcastIndex(d.bBatch, d.batch);
        int nk = d.n * d.k;
        int km = d.k * d.m;
        int nm = d.n * d.m;
        for (int i = 0; i < batches; i++) {
            gemm(x.data(), ia.offset(i) * nk, y.data(), ib.offset(i) * km, out.data(), i * nm, d.n, d.k, d.m);
        }
        return out;
    }

    /** c = a @ b for row-major blocks (c's block must hold zeros, or be overwritten by BLAS). */
    static void gemm(Object a, int aOff, Object b, int bOff, Object c, int cOff, int n, int k, int m) {
        boolean big = (long) n * k * m > BLAS_THRESHOLD;
        if (a instanceof float[]) {
            if (big) Nd4jBridge.gemm((float[]) a, aOff, (float[]) b, bOff, (float[]) c, cOff, n, k, m);
            else gemmLoop((float[]) a, aOff, (float[]) b, bOff, (float[]) c, cOff, n, k, m);
        } else if (a instanceof double[]) {
            if (big) Nd4jBridge.gemm((double[]) a, aOff, (double[]) b, bOff, (double[]) c, cOff, n, k, m);
            else gemmLoop((double[]) a, aOff, (double[]) b, bOff, (double[]) c, cOff, n, k, m);
        } else {
            long[] x = (long[]) a;
            long[] y = (long[]) b;
            long[] z = (long[]) c;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < k; p++) {
                    long v = x[aOff + i * k + p];
                    int yr = bOff + p * m;
                    int zr = cOff + i * m;
                    for (int j = 0; j < m; j++) z[zr + j] += v * y[yr + j];
                }
            }
        }
    }

    static void gemmLoop(float[] x, int aOff, float[] y, int bOff, float[] z, int cOff, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int zr = cOff + i * m;
            for (int p = 0; p < k; p++) {
                float v = x[aOff + i * k + p];
                int yr = bOff + p * m;
                for (int j = 0; j < m; j++) z[zr + j] += v * y[yr + j];
            }
        }
    }

    static void gemmLoop(double[] x, int aOff, double[] y, int bOff, double[] z, int cOff, int n, int k, int m) {
        for (int i = 0; i < n; i++) {
            int zr = cOff + i * m;
            for (int p = 0; p < k; p++) {
                double v = x[aOff + i * k + p];
                int yr = bOff + p * m;
                for (int j = 0; j < m; j++) z[zr + j] += v * y[yr + j];
            }
        }
    }
}
