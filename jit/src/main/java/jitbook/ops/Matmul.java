package jitbook.ops;

import java.util.Arrays;

/**
 * Matrix products with torch.matmul's rules: 1-D operands are promoted to a row (left) or a
 * column (right) and the added dimension is removed from the result; leading batch dimensions
 * broadcast. Each product goes to {@link Gemm}; a batch of small products is split over threads
 * a product at a time.
 */
final class Matmul {
    private Matmul() {
    }

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
        Object xs = x.data();
        Object ys = y.data();
        Object zs = out.data();
        long macs = (long) d.n * d.k * d.m;
        if (batches > 1 && macs < Gemm.PARALLEL_MIN && macs * batches >= Gemm.PARALLEL_MIN && ParallelChunks.threads() > 1) {
            // many small products (attention's heads): whole products per thread
            int per = Math.max(1, batches / (4 * ParallelChunks.threads()));
            ParallelChunks.run(batches, per, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    Gemm.gemm(false, false, d.n, d.m, d.k, xs, ia.offset(i) * nk, ys, ib.offset(i) * km, zs, i * nm, false, false);
                }
            }, () -> false);
        } else {
            for (int i = 0; i < batches; i++) {
                Gemm.gemm(false, false, d.n, d.m, d.k, xs, ia.offset(i) * nk, ys, ib.offset(i) * km, zs, i * nm, false, true);
            }
        }
        return out;
    }
}
