package jitbook.ops;

/**
 * The one entry point for dense matrix products on heap arrays: {@code C (+)= op(A) op(B)},
 * row-major, with either operand optionally transposed, for every kernel that multiplies
 * matrices (matmul, linear's large sizes and weight gradient, convolution). Which code runs is
 * chosen by size ({@link #route}), measured on this machine (docs/ARCHITECTURE.md, "Dense math";
 * GemmBench):
 *
 * <ul>
 * <li>float32 with the Vector API in the JVM, up to {@link #VECTOR_MAX} multiply-adds: the
 * register-blocked {@link VectorGemm} kernel (its scalar twin, same bits, until C2 has compiled
 * it: {@link VectorWarmup}), rows (or columns, for few rows) split over
 * {@link ParallelChunks#threads()} threads above {@link #PARALLEL_MIN}. A native call costs
 * ~1-2 us and OpenBLAS's small-matrix paths are slow, so below this size the Java kernel is
 * faster; above it OpenBLAS's cache blocking wins.
 * <li>up to {@link #LOOP_MAX} multiply-adds (or any size for int64): plain i-p-j loops.
 * <li>otherwise OpenBLAS ({@link OpenBlas}).
 * </ul>
 *
 * Each route computes an element of C in a fixed order that depends only on the sizes, so the
 * same inputs give the same bits on every call (results may differ by rounding between sizes
 * on either side of a threshold).
 */
public final class Gemm {
    private Gemm() {
    }

    /** Where a product of a given size runs. */
    public enum Route {
        VECTOR, LOOPS, BLAS
    }

    /** Multiply-adds up to which the float32 Vector API kernel runs (beyond: OpenBLAS). */
    static final long VECTOR_MAX = 1L << 26;

    /** Multiply-adds up to which plain loops run when the Vector API kernel does not (beyond: OpenBLAS). */
    static final long LOOP_MAX = 1L << 13;

    /** Multiply-adds from which the Vector API kernel splits its work over threads (~15 us on one core). */
    static final long PARALLEL_MIN = 1L << 18;

    private static final VectorGemm.Kernel VECTOR = VectorGemm.kernel();

    /**
     * Elements of a transposed B up to which the Vector API kernel takes it (copying it to
     * row-major first): beyond, the copy's cache misses cost more than OpenBLAS's call (a
     * 1024 x 1024 transpose took 5 ms, 256 x 256 70 us).
     */
    static final long TRANSPOSED_B_MAX = 1L << 16;

    /** The route for an n x k times k x m product of {@code dtype} (B transposed: {@code tb}). */
    public static Route route(DType dtype, long n, long k, long m, boolean tb) {
        long macs = n * k * m;
        if (dtype == DType.INT64) return Route.LOOPS;
        if (dtype == DType.FLOAT32 && VECTOR != null && macs <= VECTOR_MAX && (!tb || k * m <= TRANSPOSED_B_MAX)) {
            return Route.VECTOR;
        }
        return macs <= LOOP_MAX ? Route.LOOPS : Route.BLAS;
    }

    /**
     * Waits up to {@code millis} for the Vector API kernels (this class's and linear's row
     * kernel) to take over from their scalar twins ({@link VectorWarmup}; seconds after they
     * load, longer on a loaded machine). Results are the same bits either way: this is for
     * benchmarks of the steady state. True when they have taken over or the JVM has none.
     */
    public static boolean awaitVectorKernels(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!(VectorGemm.current() == VectorGemm.kernel() && LinearRows.vectorReady())) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }

    /** Which kernels float32 products run now (Vector API or twin), for reports. */
    public static String vectorKernelState() {
        return VectorGemm.state() + "; " + LinearRows.state();
    }

    /** Whether float32 products can run the Vector API kernel in this JVM, and if not, why. */
    public static String vectorAbsentReason() {
        return VectorGemm.absentReason();
    }

    /**
     * {@code C[cOff..] (+)= op(A) op(B)}: op(A) is n x k, op(B) k x m, C n x m, all contiguous
     * row-major; A is stored k x n when {@code ta}, B m x k when {@code tb}. {@code accumulate}
     * adds to C instead of overwriting it. {@code parallel} false keeps the work on the calling
     * thread (for callers that already split a batch over threads).
     */
    public static void sgemm(boolean ta, boolean tb, int n, int m, int k, float[] a, int aOff, float[] b, int bOff,
                             float[] c, int cOff, boolean accumulate, boolean parallel) {
        if (n == 0 || m == 0) return;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + n * m, 0f);
            return;
        }
        switch (route(DType.FLOAT32, n, k, m, tb)) {
            case VECTOR:
                vector(ta, tb, n, m, k, a, aOff, b, bOff, c, cOff, accumulate, parallel);
                return;
            case LOOPS:
                loops(ta, tb, n, m, k, a, aOff, b, bOff, c, cOff, accumulate);
                return;
            default:
                OpenBlas.sgemm(ta, tb, n, m, k, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    /**
     * Dispatch on the data arrays' type ({@code float[]}, {@code double[]} or {@code long[]}; int64
     * takes neither transposed operands nor accumulation).
     */
    static void gemm(boolean ta, boolean tb, int n, int m, int k, Object a, int aOff, Object b, int bOff, Object c, int cOff,
                     boolean accumulate, boolean parallel) {
        if (a instanceof float[]) {
            sgemm(ta, tb, n, m, k, (float[]) a, aOff, (float[]) b, bOff, (float[]) c, cOff, accumulate, parallel);
        } else if (a instanceof double[]) {
            dgemm(ta, tb, n, m, k, (double[]) a, aOff, (double[]) b, bOff, (double[]) c, cOff, accumulate);
        } else {
            if (ta || tb || accumulate) throw new IllegalArgumentException("int64 products take no transposed operands or accumulation");
            lgemm(n, m, k, (long[]) a, aOff, (long[]) b, bOff, (long[]) c, cOff);
        }
    }

    /** The float64 product, as {@link #sgemm} (plain loops or OpenBLAS). */
    public static void dgemm(boolean ta, boolean tb, int n, int m, int k, double[] a, int aOff, double[] b, int bOff,
                             double[] c, int cOff, boolean accumulate) {
        if (n == 0 || m == 0) return;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + n * m, 0.0);
            return;
        }
        if (route(DType.FLOAT64, n, k, m, tb) == Route.BLAS) {
            OpenBlas.dgemm(ta, tb, n, m, k, a, aOff, b, bOff, c, cOff, accumulate);
            return;
        }
        if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + n * m, 0.0);
        int ars = ta ? 1 : k;
        int acs = ta ? n : 1;
        int brs = tb ? 1 : m;
        int bcs = tb ? k : 1;
        for (int i = 0; i < n; i++) {
            int zr = cOff + i * m;
            for (int p = 0; p < k; p++) {
                double v = a[aOff + i * ars + p * acs];
                int yr = bOff + p * brs;
                for (int j = 0; j < m; j++) c[zr + j] += v * b[yr + j * bcs];
            }
        }
    }

    /** The int64 product (exact; plain loops). */
    public static void lgemm(int n, int m, int k, long[] a, int aOff, long[] b, int bOff, long[] c, int cOff) {
        java.util.Arrays.fill(c, cOff, cOff + n * m, 0L);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                long v = a[aOff + i * k + p];
                int yr = bOff + p * m;
                int zr = cOff + i * m;
                for (int j = 0; j < m; j++) c[zr + j] += v * b[yr + j];
            }
        }
    }

    /** The reference float32 loops: each element a sequential sum over p (also the route for tiny products). */
    static void loops(boolean ta, boolean tb, int n, int m, int k, float[] a, int aOff, float[] b, int bOff,
                      float[] c, int cOff, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + n * m, 0f);
        int ars = ta ? 1 : k;
        int acs = ta ? n : 1;
        int brs = tb ? 1 : m;
        int bcs = tb ? k : 1;
        for (int i = 0; i < n; i++) {
            int zr = cOff + i * m;
            for (int p = 0; p < k; p++) {
                float v = a[aOff + i * ars + p * acs];
                int yr = bOff + p * brs;
                for (int j = 0; j < m; j++) c[zr + j] += v * b[yr + j * bcs];
            }
        }
    }

    /** Scratch for transposed operands, kept per thread up to {@link #SCRATCH_KEEP} floats (a fresh large array costs page faults). */
    private static final ThreadLocal<float[]> SCRATCH = new ThreadLocal<>();
    private static final int SCRATCH_KEEP = 1 << 22;

    /**
     * The rows x cols matrix at {@code off} transposed to cols x rows, in 16 x 16 blocks
     * (cache-friendly both ways), into this thread's scratch array (valid until its next use).
     */
    static float[] transpose(float[] src, int off, int rows, int cols) {
        int size = rows * cols;
        float[] dst = SCRATCH.get();
        if (dst == null || dst.length < size) {
            dst = new float[size];
            if (size <= SCRATCH_KEEP) SCRATCH.set(dst);
        }
        final int bs = 16;
        for (int r0 = 0; r0 < rows; r0 += bs) {
            int r1 = Math.min(rows, r0 + bs);
            for (int c0 = 0; c0 < cols; c0 += bs) {
                int c1 = Math.min(cols, c0 + bs);
                for (int r = r0; r < r1; r++) {
                    int s = off + r * cols;
                    for (int c = c0; c < c1; c++) dst[c * rows + r] = src[s + c];
                }
            }
        }
        return dst;
    }

    private static void vector(boolean ta, boolean tb, int n, int m, int k, float[] a, int aOff, float[] b, int bOff,
                               float[] c, int cOff, boolean accumulate, boolean parallel) {
        if (tb) {
            // The kernel streams rows of B; a transposed B is copied to row-major once (k*m moves
            // against n*k*m multiply-adds).
            b = transpose(b, bOff, m, k);
            bOff = 0;
        }
        int ars = ta ? 1 : k;
        int acs = ta ? n : 1;
        long macs = (long) n * k * m;
        int threads = ParallelChunks.threads();
        VectorGemm.Kernel kernel = VectorGemm.current(); // the twin until the Vector API kernel is compiled
        if (!parallel || threads < 2 || macs < PARALLEL_MIN) {
            kernel.block(a, aOff, ars, acs, b, bOff, c, cOff, k, m, 0, n, 0, m, accumulate);
            return;
        }
        float[] bb = b;
        int bo = bOff;
        int lanes = kernel.lanes();
        if (n >= 8 * threads) {
            // row blocks of 4 (the tile height), a few per thread so uneven cores balance
            int blocks = (n + 3) / 4;
            int per = Math.max(1, blocks / (2 * threads));
            ParallelChunks.run(blocks, per, (lo, hi) -> kernel.block(a, aOff, ars, acs, bb, bo, c, cOff, k, m,
                    lo * 4, Math.min(n, hi * 4), 0, m, accumulate), () -> false);
        } else {
            // few rows: column strips of 3 vectors (the tile width)
            int strip = 3 * lanes;
            int strips = (m + strip - 1) / strip;
            int per = Math.max(1, strips / (2 * threads));
            ParallelChunks.run(strips, per, (lo, hi) -> kernel.block(a, aOff, ars, acs, bb, bo, c, cOff, k, m,
                    0, n, lo * strip, Math.min(m, hi * strip), accumulate), () -> false);
        }
    }
}
