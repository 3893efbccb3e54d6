package jitbook.ops;

/**
 * {@code x @ W^T + b} for float tensors up to a measured size, computed as dot products of x's
 * rows with W's rows. Both rows are contiguous, so W is never transposed or copied, and the bias
 * is added in the same pass. (Materializing W^T on every call took about two thirds of a small
 * MLP's forward time: BENCHMARKS.md, MlpBench.)
 *
 * <p>Dot products are float reductions, which C2 does not vectorize (it keeps the sequential
 * order). With the Vector API in the JVM ({@link VectorSupport}) float32 rows are reduced 16 lanes
 * at a time, four of W's rows against one load of x's, and the path covers products up to
 * {@link #VECTOR_LIMIT} multiply-adds instead of {@link Gemm#LOOP_MAX} (ND4J costs copies
 * of x and W and a native call, and its OpenMP threads fight ours on two cores). Without it, four
 * independent scalar accumulators keep the FPU busy. Either way the sum's order differs from a
 * sequential loop by rounding only, and is fixed: the same inputs give the same bits on every
 * call, before and after C2 compiles the kernel (which {@code reduceLanes} does not promise).
 */
public final class LinearRows {
    private LinearRows() {
    }

    /** The float32 kernel: {@code y[i*out + j] = dot(x row i, w row j) + b[j]} for rows {@code lo <= i < hi}. */
    public interface Kernel {
        void apply(float[] x, int lo, int hi, int in, float[] w, int out, float[] b, float[] y);

        /** The vector length in floats the kernel's sums are made of. */
        int lanes();
    }

    /** Products with at least this many multiply-adds (~70 us of work) split their rows over the common pool. */
    static final long PARALLEL_MIN = 1L << 20;

    /** Multiply-adds up to which the Vector API kernel beats ND4J here (MLP layers at batch 64 are 2-4M). */
    static final long VECTOR_LIMIT = 1L << 24;
    private static String vectorAbsentReason;
    private static final Kernel VECTOR = loadVectorKernel();
    private static final VectorWarmup WARMUP = VECTOR == null ? null : warmUp(VECTOR);

    /** Whether this fast path applies: same float dtype everywhere, 2-D weight, small enough for Java loops. */
    static boolean applies(NdArray x, NdArray w, NdArray b) {
        if (x.rank() < 1 || w.rank() != 2) return false;
        DType t = x.dtype();
        if (!t.isFloating() || w.dtype() != t || (b != null && (b.dtype() != t || b.rank() != 1))) return false;
        long in = w.dim(1);
        long out = w.dim(0);
        if (x.dim(x.rank() - 1) != in || (b != null && b.dim(0) != out)) return false;
        long rows = rowsOf(x);
        long limit = VECTOR != null && t == DType.FLOAT32 ? VECTOR_LIMIT : Gemm.LOOP_MAX;
        return rows * in * out <= limit;
    }

    static NdArray apply(NdArray x, NdArray w, NdArray b) {
        int in = (int) w.dim(1);
        int out = (int) w.dim(0);
        int rows = (int) rowsOf(x);
        long[] shape = x.shape();
        shape[shape.length - 1] = out;
        NdArray y = NdArray.zeros(x.dtype(), shape);
        if (x.dtype() == DType.FLOAT32) {
            float[] bs = b == null ? null : b.floats();
            if (VECTOR != null) vectorFloat(x.floats(), rows, in, w.floats(), out, bs, y.floats());
            else scalarFloat(x.floats(), rows, in, w.floats(), out, bs, y.floats());
        } else {
            double[] xs = x.doubles();
            double[] ws = w.doubles();
            double[] bs = b == null ? null : b.doubles();
            double[] ys = y.doubles();
            for (int i = 0; i < rows; i++) {
                int xo = i * in;
                for (int j = 0; j < out; j++) {
                    int wo = j * in;
                    double s0 = 0;
                    double s1 = 0;
                    int k = 0;
                    for (; k + 1 < in; k += 2) {
                        s0 += xs[xo + k] * ws[wo + k];
                        s1 += xs[xo + k + 1] * ws[wo + k + 1];
                    }
                    if (k < in) s0 += xs[xo + k] * ws[wo + k];
                    ys[i * out + j] = bs == null ? s0 + s1 : s0 + s1 + bs[j];
                }
            }
        }
        return y;
    }

    /** The number of rows of x: every dimension but the last (also when the last is 0). */
    private static long rowsOf(NdArray x) {
        long rows = 1;
        for (int d = 0; d < x.rank() - 1; d++) rows *= x.dim(d);
        return rows;
    }

    /** The Vector API kernel (null without the module), for tests against its twin. */
    static Kernel vectorKernel() {
        return VECTOR;
    }

    /** Whether float32 products run the Vector API kernel in this JVM. */
    static boolean vectorized() {
        return VECTOR != null;
    }

    /**
     * The Vector API kernel over all rows (its twin until it is compiled: {@link VectorWarmup}):
     * in row ranges on the common pool (the caller taking some) when large.
     */
    private static void vectorFloat(float[] xs, int rows, int in, float[] ws, int out, float[] bs, float[] ys) {
        Kernel kernel = WARMUP.vectorReady() ? VECTOR : LaneLoops.INSTANCE;
        if ((long) rows * in * out < PARALLEL_MIN) {
            kernel.apply(xs, 0, rows, in, ws, out, bs, ys);
            return;
        }
        int parts = Math.max(1, Math.min(rows / 2, 2 * (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1)));
        int step = (rows / parts + 1) & ~1; // even, so that row pairs stay together
        ParallelChunks.run(rows, step, (lo, hi) -> kernel.apply(xs, lo, hi, in, ws, out, bs, ys), () -> false);
    }

    static void scalarFloat(float[] xs, int rows, int in, float[] ws, int out, float[] bs, float[] ys) {
        for (int i = 0; i < rows; i++) {
            int xo = i * in;
            for (int j = 0; j < out; j++) {
                int wo = j * in;
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                int k = 0;
                for (; k + 3 < in; k += 4) {
                    s0 += xs[xo + k] * ws[wo + k];
                    s1 += xs[xo + k + 1] * ws[wo + k + 1];
                    s2 += xs[xo + k + 2] * ws[wo + k + 2];
                    s3 += xs[xo + k + 3] * ws[wo + k + 3];
                }
                for (; k < in; k++) s0 += xs[xo + k] * ws[wo + k];
                float s = (s0 + s1) + (s2 + s3);
                ys[i * out + j] = bs == null ? s : s + bs[j];
            }
        }
    }

    /** The Vector API kernel, or null when the JVM lacks the module (the scalar loops run then). */
    private static Kernel loadVectorKernel() {
        if (!VectorSupport.present()) {
            vectorAbsentReason = VectorSupport.absentReason();
            return null;
        }
        try {
            Kernel k = VectorSupport.instantiate("jitbook.ops.gen.VectorLinear", vectorSource(), Kernel.class);
            float[] probe = new float[40];
            k.apply(probe, 0, 2, 20, probe, 2, null, new float[4]);
            return k;
        } catch (RuntimeException | LinkageError e) {
            vectorAbsentReason = String.valueOf(e.getMessage());
            return null;
        }
    }

    /** Whether calls run the Vector API kernel now (also true without the module: nothing to wait for). */
    static boolean vectorReady() {
        return WARMUP == null || WARMUP.vectorReady();
    }

    /** Which kernel float32 products run now, for reports. */
    static String state() {
        return WARMUP == null ? "linear rows: no Vector API (" + vectorAbsentReason + ")" : WARMUP.describe();
    }

    /**
     * Times the kernel against its twin on 3 rows x (2 vectors + 3) inputs x 7 outputs with a
     * bias (row pairs and a single row, 4-output blocks and the tail, the scalar tail of each
     * sum); between rounds one more shape from a list that takes the other branches (1 to 4
     * rows, inputs shorter than a vector, no bias).
     */
    private static VectorWarmup warmUp(Kernel k) {
        int lanes = k.lanes();
        int maxIn = 2 * lanes + 3;
        java.util.List<int[]> shapes = new java.util.ArrayList<>();
        for (int rows : new int[] {1, 2, 3, 4}) {
            for (int in : new int[] {lanes - 1, lanes, maxIn}) {
                for (int out : new int[] {1, 4, 7}) shapes.add(new int[] {rows, in, out});
            }
        }
        float[] x = new float[4 * maxIn];
        float[] w = new float[7 * maxIn];
        float[] b = new float[7];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) * 0.25f - 0.5f;
        for (int i = 0; i < w.length; i++) w[i] = (i % 5) * 0.5f - 1f;
        float[] y = new float[4 * 7];
        int[] round = {0};
        return VectorWarmup.start("linear",
            () -> k.apply(x, 0, 3, maxIn, w, 7, b, y),
            () -> LaneLoops.INSTANCE.apply(x, 0, 3, maxIn, w, 7, b, y),
            () -> {
                int[] sh = shapes.get(round[0]++ % shapes.size());
                k.apply(x, 0, sh[0], sh[1], w, sh[2], (round[0] & 1) == 0 ? b : null, y);
            });
    }

    /**
     * The Vector API kernel's scalar twin, the same bits: each output is one lane-wise sum per
     * vector lane ({@code acc[l] = fma(w, x, acc[l])} over whole vectors of the row), the lanes
     * added as the kernel's fixed tree (lane i plus lane i + d, d = lanes/2 ... 1), then the
     * leftover products added in order, then the bias.
     */
    static final class LaneLoops implements Kernel {
        static final LaneLoops INSTANCE = new LaneLoops();

        @Override
        public void apply(float[] x, int lo, int hi, int in, float[] w, int out, float[] b, float[] y) {
            int lanes = lanes();
            int bound = in - in % lanes;
            float[] acc = new float[lanes];
            for (int i = lo; i < hi; i++) {
                int xo = i * in;
                for (int j = 0; j < out; j++) {
                    int wo = j * in;
                    java.util.Arrays.fill(acc, 0f);
                    for (int k = 0; k < bound; k += lanes) {
                        for (int l = 0; l < lanes; l++) acc[l] = Math.fma(w[wo + k + l], x[xo + k + l], acc[l]);
                    }
                    for (int d = lanes >> 1; d >= 1; d >>= 1) {
                        for (int l = 0; l < d; l++) acc[l] = acc[l] + acc[l + d];
                    }
                    float s = acc[0];
                    for (int k = bound; k < in; k++) s += x[xo + k] * w[wo + k];
                    y[i * out + j] = b == null ? s : s + b[j];
                }
            }
        }

        @Override
        public int lanes() {
            return VECTOR == null ? 16 : VECTOR.lanes();
        }
    }

    /** Why float32 products do not run the Vector API kernel, or null when they do. */
    static String vectorAbsentReason() {
        return vectorAbsentReason;
    }

    private static String vectorSource() {
        return String.join("\n",
            "package jitbook.ops.gen;",
            "import jdk.incubator.vector.*;",
            "public final class VectorLinear implements jitbook.ops.LinearRows.Kernel {",
            "    static final VectorSpecies S = FloatVector.SPECIES_PREFERRED;",
            "    public int lanes() { return S.length(); }",
            // lane sums as a fixed tree of lanewise adds: reduceLanes(ADD) may add in another order once C2
            // compiles it than when interpreted, and a function must give the same bits on every call
            "    static final VectorShuffle[] SWAPS = swaps();",
            "    static VectorShuffle[] swaps() {",
            "        int n = S.length();",
            "        int steps = Integer.numberOfTrailingZeros(n);",
            "        VectorShuffle[] out = new VectorShuffle[steps];",
            "        for (int k = 0; k < steps; k++) {",
            "            int d = n >> (k + 1);",
            "            int[] idx = new int[n];",
            "            for (int i = 0; i < n; i++) idx[i] = i ^ d;",
            "            out[k] = VectorShuffle.fromArray(S, idx, 0);",
            "        }",
            "        return out;",
            "    }",
            "    static float sum(FloatVector a) {",
            "        for (int k = 0; k < SWAPS.length; k++) a = a.add(a.rearrange(SWAPS[k]));",
            "        return a.lane(0);",
            "    }",
            "    public void apply(float[] x, int lo, int hi, int in, float[] w, int out, float[] b, float[] y) {",
            "        int i = lo;",
            "        for (; i + 1 < hi; i += 2) pair(x, i, in, w, out, b, y);",
            "        if (i < hi) single(x, i, in, w, out, b, y);",
            "    }",
            // two of x's rows against four of W's: 6 loads feed 8 fused multiply-adds
            "    static void pair(float[] x, int i, int in, float[] w, int out, float[] b, float[] y) {",
            "        int lanes = S.length();",
            "        int bound = S.loopBound(in);",
            "        int xo = i * in;",
            "        int xp = xo + in;",
            "        int j = 0;",
            "        for (; j + 3 < out; j += 4) {",
            "            int w0 = j * in;",
            "            int w1 = w0 + in;",
            "            int w2 = w1 + in;",
            "            int w3 = w2 + in;",
            "            FloatVector a0 = FloatVector.zero(S);",
            "            FloatVector a1 = FloatVector.zero(S);",
            "            FloatVector a2 = FloatVector.zero(S);",
            "            FloatVector a3 = FloatVector.zero(S);",
            "            FloatVector c0 = FloatVector.zero(S);",
            "            FloatVector c1 = FloatVector.zero(S);",
            "            FloatVector c2 = FloatVector.zero(S);",
            "            FloatVector c3 = FloatVector.zero(S);",
            "            int k = 0;",
            "            for (; k < bound; k += lanes) {",
            "                FloatVector xv = FloatVector.fromArray(S, x, xo + k);",
            "                FloatVector xq = FloatVector.fromArray(S, x, xp + k);",
            "                FloatVector v0 = FloatVector.fromArray(S, w, w0 + k);",
            "                FloatVector v1 = FloatVector.fromArray(S, w, w1 + k);",
            "                FloatVector v2 = FloatVector.fromArray(S, w, w2 + k);",
            "                FloatVector v3 = FloatVector.fromArray(S, w, w3 + k);",
            "                a0 = v0.fma(xv, a0);",
            "                a1 = v1.fma(xv, a1);",
            "                a2 = v2.fma(xv, a2);",
            "                a3 = v3.fma(xv, a3);",
            "                c0 = v0.fma(xq, c0);",
            "                c1 = v1.fma(xq, c1);",
            "                c2 = v2.fma(xq, c2);",
            "                c3 = v3.fma(xq, c3);",
            "            }",
            "            float s0 = sum(a0);",
            "            float s1 = sum(a1);",
            "            float s2 = sum(a2);",
            "            float s3 = sum(a3);",
            "            float t0 = sum(c0);",
            "            float t1 = sum(c1);",
            "            float t2 = sum(c2);",
            "            float t3 = sum(c3);",
            "            for (; k < in; k++) {",
            "                float xk = x[xo + k];",
            "                float xl = x[xp + k];",
            "                s0 += xk * w[w0 + k];",
            "                s1 += xk * w[w1 + k];",
            "                s2 += xk * w[w2 + k];",
            "                s3 += xk * w[w3 + k];",
            "                t0 += xl * w[w0 + k];",
            "                t1 += xl * w[w1 + k];",
            "                t2 += xl * w[w2 + k];",
            "                t3 += xl * w[w3 + k];",
            "            }",
            "            store(y, i * out + j, b, j, s0, s1, s2, s3);",
            "            store(y, (i + 1) * out + j, b, j, t0, t1, t2, t3);",
            "        }",
            "        for (; j < out; j++) {",
            "            y[i * out + j] = dot(x, xo, w, j * in, in, b, j);",
            "            y[(i + 1) * out + j] = dot(x, xp, w, j * in, in, b, j);",
            "        }",
            "    }",
            "    static void single(float[] x, int i, int in, float[] w, int out, float[] b, float[] y) {",
            "        for (int j = 0; j < out; j++) y[i * out + j] = dot(x, i * in, w, j * in, in, b, j);",
            "    }",
            "    static void store(float[] y, int yo, float[] b, int j, float s0, float s1, float s2, float s3) {",
            "        y[yo] = b == null ? s0 : s0 + b[j];",
            "        y[yo + 1] = b == null ? s1 : s1 + b[j + 1];",
            "        y[yo + 2] = b == null ? s2 : s2 + b[j + 2];",
            "        y[yo + 3] = b == null ? s3 : s3 + b[j + 3];",
            "    }",
            "    static float dot(float[] x, int xo, float[] w, int wo, int in, float[] b, int j) {",
            "        int lanes = S.length();",
            "        int bound = S.loopBound(in);",
            "        FloatVector a = FloatVector.zero(S);",
            "        int k = 0;",
            "        for (; k < bound; k += lanes) a = FloatVector.fromArray(S, w, wo + k).fma(FloatVector.fromArray(S, x, xo + k), a);",
            "        float s = sum(a);",
            "        for (; k < in; k++) s += x[xo + k] * w[wo + k];",
            "        return b == null ? s : s + b[j];",
            "    }",
            "}");
    }
}
