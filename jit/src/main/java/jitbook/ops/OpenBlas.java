package jitbook.ops;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Large matrix products through OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm}, called
 * directly through the JavaCPP preset ND4J already brings (the same native library ND4J loads),
 * with no INDArray per call. Heap operands are copied into per-thread native buffers that are
 * kept between calls (measured: the copies cost 2-15% at the sizes that come here, and JavaCPP's
 * {@code float[]} overloads, which copy all three arrays in and out through JNI, cost more).
 *
 * <p>OpenBLAS runs {@link ParallelChunks#threads()} threads, set once when the class loads; its
 * threads split C into blocks and keep the inner-dimension order, so results are reproducible
 * for a given size and thread count.
 */
final class OpenBlas {
    private OpenBlas() {
    }

    /** Buffers larger than this (elements) are freed after the call instead of kept for the thread. */
    private static final long KEEP_MAX = 1L << 22;

    static {
        openblas.blas_set_num_threads(ParallelChunks.threads());
    }

    private static final class Buffers {
        FloatPointer f;
        DoublePointer d;
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** The number of threads OpenBLAS runs (for reports). */
    static int threads() {
        return openblas.blas_get_num_threads();
    }

    /** C[n x m] (+)= op(A) op(B), all contiguous row-major; see {@link Gemm#sgemm}. */
    static void sgemm(boolean ta, boolean tb, int n, int m, int k, float[] a, int aOff, float[] b, int bOff,
                      float[] c, int cOff, boolean accumulate) {
        long na = (long) n * k;
        long nb = (long) k * m;
        long nc = (long) n * m;
        Buffers bufs = BUFFERS.get();
        long need = na + nb + nc;
        FloatPointer p = bufs.f;
        if (p == null || p.capacity() < need) {
            if (p != null) p.close();
            p = new FloatPointer(need);
            bufs.f = need <= KEEP_MAX ? p : null;
        }
        try {
            p.position(0).put(a, aOff, (int) na);
            p.position(na).put(b, bOff, (int) nb);
            if (accumulate) p.position(na + nb).put(c, cOff, (int) nc);
            FloatPointer pa = p.position(0);
            FloatPointer pb = new FloatPointer(p).position(na);
            FloatPointer pc = new FloatPointer(p).position(na + nb);
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                    tb ? openblas.CblasTrans : openblas.CblasNoTrans, n, m, k, 1f, pa, ta ? n : k, pb, tb ? k : m,
                    accumulate ? 1f : 0f, pc, m);
            pc.get(c, cOff, (int) nc);
        } finally {
            p.position(0);
            if (bufs.f != p) p.close();
        }
    }

    static void dgemm(boolean ta, boolean tb, int n, int m, int k, double[] a, int aOff, double[] b, int bOff,
                      double[] c, int cOff, boolean accumulate) {
        long na = (long) n * k;
        long nb = (long) k * m;
        long nc = (long) n * m;
        Buffers bufs = BUFFERS.get();
        long need = na + nb + nc;
        DoublePointer p = bufs.d;
        if (p == null || p.capacity() < need) {
            if (p != null) p.close();
            p = new DoublePointer(need);
            bufs.d = need <= KEEP_MAX / 2 ? p : null;
        }
        try {
            p.position(0).put(a, aOff, (int) na);
            p.position(na).put(b, bOff, (int) nb);
            if (accumulate) p.position(na + nb).put(c, cOff, (int) nc);
            DoublePointer pa = p.position(0);
            DoublePointer pb = new DoublePointer(p).position(na);
            DoublePointer pc = new DoublePointer(p).position(na + nb);
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                    tb ? openblas.CblasTrans : openblas.CblasNoTrans, n, m, k, 1.0, pa, ta ? n : k, pb, tb ? k : m,
                    accumulate ? 1.0 : 0.0, pc, m);
            pc.get(c, cOff, (int) nc);
        } finally {
            p.position(0);
            if (bufs.d != p) p.close();
        }
    }
}
