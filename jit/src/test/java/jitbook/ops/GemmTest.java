package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Every route of {@link Gemm} (the Vector API kernel, plain loops, OpenBLAS) against a double
 * reference, on odd sizes, transposed operands, accumulation, and sizes on both sides of each
 * threshold; the Vector API kernel also bit for bit against the fused multiply-add chain it
 * promises, whatever the split over threads.
 */
class GemmTest {
    /** n, k, m: tile tails in every direction, one row, one column, and the sizes models use. */
    private static final int[][] SIZES = {{1, 1, 1}, {1, 7, 1}, {3, 5, 2}, {4, 16, 16}, {5, 17, 47}, {4, 3, 48},
        {7, 9, 49}, {1, 128, 256}, {13, 31, 95}, {32, 16, 16}, {64, 128, 256}, {9, 200, 17}, {2, 64, 200}};

    static float[] random(int n, Random rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    /** A(i,p) read from storage that is k x n when transposed. */
    static float at(float[] a, boolean t, int i, int p, int n, int k) {
        return t ? a[p * n + i] : a[i * k + p];
    }

    static float bt(float[] b, boolean t, int p, int j, int k, int m) {
        return t ? b[j * k + p] : b[p * m + j];
    }

    static void checkClose(boolean ta, boolean tb, int n, int m, int k, float[] a, float[] b, float[] c0, float[] c, String what) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double want = c0 == null ? 0 : c0[i * m + j];
                double scale = Math.abs(want);
                for (int p = 0; p < k; p++) {
                    double v = (double) at(a, ta, i, p, n, k) * bt(b, tb, p, j, k, m);
                    want += v;
                    scale += Math.abs(v);
                }
                double got = c[i * m + j];
                assertTrue(Math.abs(got - want) <= 2e-6 * (1 + scale), what + " [" + i + ", " + j + "]: " + got + " vs " + want);
            }
        }
    }

    /** The chain the Vector API kernel computes per element: c = fma(a(i,p), b(p,j), c), p ascending. */
    static float[] fmaChain(boolean ta, boolean tb, int n, int m, int k, float[] a, float[] b, float[] c0) {
        float[] c = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                float s = c0 == null ? 0f : c0[i * m + j];
                for (int p = 0; p < k; p++) s = Math.fma(at(a, ta, i, p, n, k), bt(b, tb, p, j, k, m), s);
                c[i * m + j] = s;
            }
        }
        return c;
    }

    @Test
    void theTestJvmHasTheVectorKernel() {
        assertNotNull(VectorGemm.kernel(), "the Vector API GEMM kernel did not load: " + Gemm.vectorAbsentReason());
        assertEquals(Gemm.Route.VECTOR, Gemm.route(DType.FLOAT32, 64, 256, 256, false));
    }

    @Test
    void everyRouteMatchesTheReferenceWithTransposesAndAccumulation() {
        Random rnd = new Random(21);
        for (int[] s : SIZES) {
            int n = s[0];
            int k = s[1];
            int m = s[2];
            float[] a = random(n * k, rnd);
            float[] b = random(k * m, rnd);
            float[] c0 = random(n * m, rnd);
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                for (boolean acc : new boolean[] {false, true}) {
                    String what = n + "x" + k + "x" + m + (ta ? " A^T" : "") + (tb ? " B^T" : "") + (acc ? " +=" : "");
                    float[] c = acc ? c0.clone() : random(n * m, rnd); // garbage to be overwritten
                    Gemm.sgemm(ta, tb, n, m, k, a, 0, b, 0, c, 0, acc, true);
                    checkClose(ta, tb, n, m, k, a, b, acc ? c0 : null, c, "sgemm " + what);
                    float[] cl = acc ? c0.clone() : new float[n * m];
                    Gemm.loops(ta, tb, n, m, k, a, 0, b, 0, cl, 0, acc);
                    checkClose(ta, tb, n, m, k, a, b, acc ? c0 : null, cl, "loops " + what);
                    float[] cb = acc ? c0.clone() : new float[n * m];
                    OpenBlas.sgemm(ta, tb, n, m, k, a, 0, b, 0, cb, 0, acc);
                    checkClose(ta, tb, n, m, k, a, b, acc ? c0 : null, cb, "openblas " + what);
                }
            }
        }
    }

    @Test
    void theVectorKernelIsExactlyTheFmaChainOnOneThreadAndSplit() {
        Random rnd = new Random(5);
        // the last two are above Gemm.PARALLEL_MIN: split by row blocks, then (few rows) by column strips
        int[][] sizes = {{5, 17, 47}, {7, 33, 113}, {1, 128, 256}, {130, 64, 67}, {6, 256, 200}};
        for (int[] s : sizes) {
            int n = s[0];
            int k = s[1];
            int m = s[2];
            float[] a = random(n * k, rnd);
            float[] b = random(k * m, rnd);
            float[] c0 = random(n * m, rnd);
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                for (boolean acc : new boolean[] {false, true}) {
                    float[] want = fmaChain(ta, tb, n, m, k, a, b, acc ? c0 : null);
                    for (boolean parallel : new boolean[] {false, true}) {
                        float[] c = acc ? c0.clone() : new float[n * m];
                        Gemm.sgemm(ta, tb, n, m, k, a, 0, b, 0, c, 0, acc, parallel);
                        assertArrayEquals(want, c, n + "x" + k + "x" + m + " t" + t + " acc " + acc + " parallel " + parallel);
                    }
                }
            }
        }
    }

    /**
     * The twin that runs until C2 has compiled the Vector API kernel computes the same bits on
     * every block shape the kernel's tiles and tails produce (so a product gives the same result
     * before and after the hand-over), including the column blocks a parallel split makes.
     */
    @Test
    void theScalarTwinGivesTheVectorKernelsBits() {
        VectorGemm.Kernel vector = VectorGemm.kernel();
        VectorGemm.Kernel twin = VectorGemm.FmaLoops.INSTANCE;
        int lanes = vector.lanes();
        Random rnd = new Random(17);
        int[] rows = {1, 2, 3, 4, 5, 9, 13};
        int[] depths = {1, 2, 7, 32, 65};
        int[] widths = {1, 3, lanes - 1, lanes, lanes + 1, 3 * lanes, 3 * lanes + 5, 4 * lanes + 3, 7 * lanes + 1};
        for (int n : rows) {
            for (int k : depths) {
                for (int m : widths) {
                    float[] a = random(n * k, rnd);
                    float[] b = random(k * m, rnd);
                    float[] c0 = random(n * m, rnd);
                    for (boolean ta : new boolean[] {false, true}) {
                        int ars = ta ? 1 : k;
                        int acs = ta ? n : 1;
                        for (boolean acc : new boolean[] {false, true}) {
                            // whole block, and a block starting at the second vector of columns and row 1
                            int[][] blocks = {{0, n, 0, m}, {Math.min(1, n), n, Math.min(lanes, m), m}};
                            for (int[] bl : blocks) {
                                float[] cv = c0.clone();
                                float[] ct = c0.clone();
                                vector.block(a, 0, ars, acs, b, 0, cv, 0, k, m, bl[0], bl[1], bl[2], bl[3], acc);
                                twin.block(a, 0, ars, acs, b, 0, ct, 0, k, m, bl[0], bl[1], bl[2], bl[3], acc);
                                assertArrayEquals(cv, ct, n + "x" + k + "x" + m + (ta ? " A^T" : "") + (acc ? " +=" : "")
                                        + " block " + java.util.Arrays.toString(bl));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theVectorKernelTakesOverOnceCompiled() throws InterruptedException {
        // the warm-up thread started with the class; C2 compiles the kernel within seconds (longer under load)
        long deadline = System.nanoTime() + VectorWarmup.MAX_MILLIS * 1_000_000L;
        while (VectorGemm.current() != VectorGemm.kernel() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(VectorGemm.current() == VectorGemm.kernel(), VectorGemm.state());
    }

    @Test
    void offsetsIntoLargerArraysAreHonoured() {
        Random rnd = new Random(8);
        int n = 6;
        int k = 20;
        int m = 35;
        float[] a = random(3 + n * k, rnd);
        float[] b = random(5 + k * m, rnd);
        float[] c = new float[7 + n * m + 4];
        for (Runnable r : new Runnable[] {
            () -> Gemm.sgemm(false, false, n, m, k, a, 3, b, 5, c, 7, false, true),
            () -> OpenBlas.sgemm(false, false, n, m, k, a, 3, b, 5, c, 7, false)}) {
            java.util.Arrays.fill(c, -9f);
            r.run();
            float[] got = java.util.Arrays.copyOfRange(c, 7, 7 + n * m);
            checkClose(false, false, n, m, k, java.util.Arrays.copyOfRange(a, 3, a.length), java.util.Arrays.copyOfRange(b, 5, b.length),
                    null, got, "offsets");
            assertEquals(-9f, c[6]);
            assertEquals(-9f, c[7 + n * m]);
        }
    }

    @Test
    void routesChangeAtTheThresholds() {
        long v = Gemm.VECTOR_MAX;
        assertEquals(Gemm.Route.VECTOR, Gemm.route(DType.FLOAT32, 1, 1, v, false));
        assertEquals(Gemm.Route.BLAS, Gemm.route(DType.FLOAT32, 1, 1, v + 1, false));
        long t = Gemm.TRANSPOSED_B_MAX;
        assertEquals(Gemm.Route.VECTOR, Gemm.route(DType.FLOAT32, 64, 1, t, true));
        assertEquals(Gemm.Route.BLAS, Gemm.route(DType.FLOAT32, 64, 1, t + 1, true));
        assertEquals(Gemm.Route.LOOPS, Gemm.route(DType.FLOAT64, 1, 1, Gemm.LOOP_MAX, false));
        assertEquals(Gemm.Route.BLAS, Gemm.route(DType.FLOAT64, 1, 1, Gemm.LOOP_MAX + 1, false));
        assertEquals(Gemm.Route.LOOPS, Gemm.route(DType.INT64, 1000, 1000, 1000, false));
        // both sides of each float32 threshold give the product (to rounding)
        Random rnd = new Random(3);
        int[][] sizes = {{64, 64, (int) (v / (64 * 64))}, {64, 64, (int) (v / (64 * 64)) + 1}, {16, 256, (int) (t / 256)},
            {16, 256, (int) (t / 256) + 1}};
        for (int[] s : sizes) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = random(s[0] * s[1], rnd);
                float[] b = random(s[1] * s[2], rnd);
                float[] c = new float[s[0] * s[2]];
                Gemm.sgemm(false, tb, s[0], s[2], s[1], a, 0, b, 0, c, 0, false, true);
                checkClose(false, tb, s[0], s[2], s[1], a, b, null, c, s[0] + "x" + s[1] + "x" + s[2] + (tb ? " B^T" : ""));
            }
        }
    }

    @Test
    void doublesOnBothSidesOfTheLoopThreshold() {
        Random rnd = new Random(4);
        for (int[] s : new int[][] {{3, 5, 7}, {20, 20, 20}, {33, 40, 17}}) {
            int n = s[0];
            int k = s[1];
            int m = s[2];
            double[] a = new double[n * k];
            double[] b = new double[k * m];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = rnd.nextGaussian();
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                double[] c = new double[n * m];
                java.util.Arrays.fill(c, 1.0);
                Gemm.dgemm(ta, tb, n, m, k, a, 0, b, 0, c, 0, true);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < m; j++) {
                        double want = 1.0;
                        for (int p = 0; p < k; p++) want += (ta ? a[p * n + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * m + j]);
                        assertEquals(want, c[i * m + j], 1e-12 * (1 + Math.abs(want)), n + "x" + k + "x" + m + " t" + t);
                    }
                }
            }
        }
    }

    @Test
    void anEmptyInnerDimensionZeroesOrKeepsC() {
        float[] c = {1f, 2f};
        Gemm.sgemm(false, false, 1, 2, 0, new float[0], 0, new float[0], 0, c, 0, true, true);
        assertArrayEquals(new float[] {1f, 2f}, c);
        Gemm.sgemm(false, false, 1, 2, 0, new float[0], 0, new float[0], 0, c, 0, false, true);
        assertArrayEquals(new float[] {0f, 0f}, c);
    }
}
