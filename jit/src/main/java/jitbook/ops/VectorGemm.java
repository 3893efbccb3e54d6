package jitbook.ops;

/**
 * The Vector API GEMM micro-kernel: {@code C (+)= A B} for float32, register-blocked. A tile of
 * 4 rows by 3 vectors of C (48 columns with 16 lanes) lives in 12 accumulator registers while p
 * runs over the inner dimension: each step loads 3 vectors of B's row p and broadcasts 4 scalars
 * of A, feeding 12 fused multiply-adds. Column strips are the outer loop, so one strip of B
 * (k x 48) stays in cache while every row block passes over it. Row tails use 1-row tiles, column tails 1-vector tiles,
 * and the last columns (fewer than one vector) are computed on a zero-padded copy of B's strip.
 *
 * <p>Every element of C is the same chain of fused multiply-adds, {@code c = fma(a(i,p), b(p,j),
 * c)} for p = 0, 1, ... k-1 starting from 0 (or from C's value when accumulating), whichever
 * tile computes it and however rows and columns are split over threads: the result is
 * bit-reproducible for given inputs, independent of the thread count.
 *
 * <p>The source is compiled by Janino at run time ({@link VectorSupport}) so that nothing links
 * against the incubator module; {@link #kernel()} is null when the JVM lacks it.
 */
final class VectorGemm {
    private VectorGemm() {
    }

    /**
     * One block of C: rows {@code [i0, i1)}, columns {@code [j0, j1)} of C (ldc {@code m}, from
     * {@code cOff}) (+)= A B, where A's element (i, p) is {@code a[aOff + i*ars + p*acs]} (so a
     * transposed A is only other strides) and B is row-major k x m from {@code bOff}. Column
     * blocks must start at multiples of the lane count, or at 0.
     */
    public interface Kernel {
        void block(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                   int k, int m, int i0, int i1, int j0, int j1, boolean accumulate);

        /** The vector length in floats (16 with AVX-512, 8 with AVX2). */
        int lanes();
    }

    private static String absentReason;
    private static final Kernel KERNEL = load();
    private static final VectorWarmup WARMUP = KERNEL == null ? null : warmUp(KERNEL);

    /** The compiled Vector API kernel, or null without the Vector API (see {@link #absentReason()}). */
    static Kernel kernel() {
        return KERNEL;
    }

    /**
     * The kernel calls should run now: the Vector API kernel once it measured faster than its
     * scalar twin ({@link VectorWarmup}), the twin before (the same bits either way). Null
     * without the Vector API.
     */
    static Kernel current() {
        if (KERNEL == null) return null;
        return WARMUP.vectorReady() ? KERNEL : FmaLoops.INSTANCE;
    }

    /** Which of the two kernels runs, for reports. */
    static String state() {
        return WARMUP == null ? "GEMM: no Vector API (" + absentReason + ")" : WARMUP.describe();
    }

    static String absentReason() {
        return absentReason;
    }

    private static Kernel load() {
        if (!VectorSupport.present()) {
            absentReason = VectorSupport.absentReason();
            return null;
        }
        try {
            Kernel k = VectorSupport.instantiate("jitbook.ops.gen.VectorGemmKernel", source(), Kernel.class);
            float[] probe = new float[64];
            k.block(probe, 0, 4, 1, probe, 0, new float[4 * 5], 0, 4, 5, 0, 4, 0, 5, false);
            return k;
        } catch (RuntimeException | LinkageError e) {
            absentReason = String.valueOf(e.getMessage());
            return null;
        }
    }

    /**
     * Times the kernel against its twin on a 9 x 32 x (4 vectors + 3) product, which takes every
     * tile (4x3, 1x3, 4x1, 1x1, the padded tail), accumulating every other call; between rounds
     * one more shape from a list with 1 to 9 rows, 1 to 32 inner steps and narrow to wide rows
     * of C, so that every branch of the kernel is taken before C2 compiles it.
     */
    private static VectorWarmup warmUp(Kernel k) {
        int lanes = k.lanes();
        int[][] shapes = new int[60][];
        int s = 0;
        for (int n : new int[] {1, 2, 3, 5, 9}) {
            for (int depth : new int[] {1, 7, 32}) {
                for (int m : new int[] {3, lanes, 3 * lanes + 5, 4 * lanes + 3}) shapes[s++] = new int[] {n, depth, m};
            }
        }
        float[] a = new float[9 * 32];
        float[] b = new float[32 * (4 * lanes + 3)];
        for (int i = 0; i < a.length; i++) a[i] = (i % 7) * 0.25f - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = (i % 5) * 0.5f - 1f;
        float[] c = new float[9 * (4 * lanes + 3)];
        int[] round = {0};
        int n = 9;
        int depth = 32;
        int m = 4 * lanes + 3;
        return VectorWarmup.start("gemm",
            () -> k.block(a, 0, depth, 1, b, 0, c, 0, depth, m, 0, n, 0, m, (round[0] & 1) == 0),
            () -> FmaLoops.INSTANCE.block(a, 0, depth, 1, b, 0, c, 0, depth, m, 0, n, 0, m, (round[0] & 1) == 0),
            () -> {
                int[] sh = shapes[round[0]++ % shapes.length];
                k.block(a, 0, sh[1], 1, b, 0, c, 0, sh[1], sh[2], 0, sh[0], 0, sh[2], (round[0] & 2) == 0);
            });
    }

    /**
     * The Vector API kernel's scalar twin: the same chain {@code c = fma(a(i,p), b(p,j), c)}, p
     * ascending, for every element, so the same bits; i-p-j loops that C2 vectorizes and that
     * run at loop speed in the interpreter and C1 too.
     */
    static final class FmaLoops implements Kernel {
        static final FmaLoops INSTANCE = new FmaLoops();

        @Override
        public void block(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,
                          int k, int m, int i0, int i1, int j0, int j1, boolean accumulate) {
            for (int i = i0; i < i1; i++) {
                int cr = cOff + i * m;
                if (!accumulate) java.util.Arrays.fill(c, cr + j0, cr + j1, 0f);
                int ar = aOff + i * ars;
                for (int p = 0; p < k; p++) {
                    float v = a[ar + p * acs];
                    int br = bOff + p * m;
                    for (int j = j0; j < j1; j++) c[cr + j] = Math.fma(v, b[br + j], c[cr + j]);
                }
            }
        }

        @Override
        public int lanes() {
            return KERNEL == null ? 16 : KERNEL.lanes();
        }
    }

    /** The tile with {@code rows} rows of C and {@code vecs} vectors of columns. */
    private static String tile(int rows, int vecs) {
        StringBuilder s = new StringBuilder();
        s.append("    static void t").append(rows).append(vecs)
         .append("(float[] a, int ai, int ars, int acs, float[] b, int bo, int ldb, float[] c, int co, int ldc, int k, boolean acc) {\n");
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vecs; v++) {
                s.append("        FloatVector c").append(r).append(v).append(" = acc ? FloatVector.fromArray(S, c, co + ")
                 .append(r).append(" * ldc + ").append(v).append(" * L) : FloatVector.zero(S);\n");
            }
        }
        s.append("        for (int p = 0; p < k; p++) {\n");
        s.append("            int bp = bo + p * ldb;\n");
        for (int v = 0; v < vecs; v++) {
            s.append("            FloatVector b").append(v).append(" = FloatVector.fromArray(S, b, bp + ").append(v).append(" * L);\n");
        }
        s.append("            int ap = ai + p * acs;\n");
        for (int r = 0; r < rows; r++) {
            s.append("            FloatVector x").append(r).append(" = FloatVector.broadcast(S, a[ap + ").append(r).append(" * ars]);\n");
            for (int v = 0; v < vecs; v++) {
                s.append("            c").append(r).append(v).append(" = b").append(v).append(".fma(x").append(r)
                 .append(", c").append(r).append(v).append(");\n");
            }
        }
        s.append("        }\n");
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < vecs; v++) {
                s.append("        c").append(r).append(v).append(".intoArray(c, co + ").append(r).append(" * ldc + ")
                 .append(v).append(" * L);\n");
            }
        }
        s.append("    }\n");
        return s.toString();
    }

    static String source() {
        return "package jitbook.ops.gen;\n"
            + "import jdk.incubator.vector.*;\n"
            + "public final class VectorGemmKernel implements jitbook.ops.VectorGemm.Kernel {\n"
            + "    static final VectorSpecies S = FloatVector.SPECIES_PREFERRED;\n"
            + "    static final int L = S.length();\n"
            + "    public int lanes() { return L; }\n"
            + tile(4, 3) + tile(4, 1) + tile(1, 3) + tile(1, 1)
            + "    public void block(float[] a, int aOff, int ars, int acs, float[] b, int bOff, float[] c, int cOff,\n"
            + "                      int k, int m, int i0, int i1, int j0, int j1, boolean acc) {\n"
            + "        int full = j0 + (j1 - j0) / L * L;\n"
            // column strips outermost: a strip of B (k x 48) stays in cache while every row block passes over it
            + "        int j = j0;\n"
            + "        for (; j + 3 * L <= full; j += 3 * L) {\n"
            + "            int i = i0;\n"
            + "            for (; i + 3 < i1; i += 4) t43(a, aOff + i * ars, ars, acs, b, bOff + j, m, c, cOff + i * m + j, m, k, acc);\n"
            + "            for (; i < i1; i++) t13(a, aOff + i * ars, ars, acs, b, bOff + j, m, c, cOff + i * m + j, m, k, acc);\n"
            + "        }\n"
            + "        for (; j < full; j += L) {\n"
            + "            int i = i0;\n"
            + "            for (; i + 3 < i1; i += 4) t41(a, aOff + i * ars, ars, acs, b, bOff + j, m, c, cOff + i * m + j, m, k, acc);\n"
            + "            for (; i < i1; i++) t11(a, aOff + i * ars, ars, acs, b, bOff + j, m, c, cOff + i * m + j, m, k, acc);\n"
            + "        }\n"
            + "        if (full == j1) return;\n"
            // the last columns (fewer than L): B's strip copied, zero-padded, to a k x L panel; C's rows to an L-wide one
            + "        int w = j1 - full;\n"
            + "        float[] bp = new float[k * L];\n"
            + "        float[] cp = new float[4 * L];\n"
            + "        for (int p = 0; p < k; p++) System.arraycopy(b, bOff + p * m + full, bp, p * L, w);\n"
            + "        int i = i0;\n"
            + "        for (; i + 3 < i1; i += 4) {\n"
            + "            int co = cOff + i * m + full;\n"
            + "            if (acc) for (int r = 0; r < 4; r++) System.arraycopy(c, co + r * m, cp, r * L, w);\n"
            + "            t41(a, aOff + i * ars, ars, acs, bp, 0, L, cp, 0, L, k, acc);\n"
            + "            for (int r = 0; r < 4; r++) System.arraycopy(cp, r * L, c, co + r * m, w);\n"
            + "        }\n"
            + "        for (; i < i1; i++) {\n"
            + "            int co = cOff + i * m + full;\n"
            + "            if (acc) System.arraycopy(c, co, cp, 0, w);\n"
            + "            t11(a, aOff + i * ars, ars, acs, bp, 0, L, cp, 0, L, k, acc);\n"
            + "            System.arraycopy(cp, 0, c, co, w);\n"
            + "        }\n"
            + "    }\n"
            + "}\n";
    }
}
