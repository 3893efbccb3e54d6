package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** tensor::linear's row kernel, Vector API and scalar forms, against a double-precision reference on ragged sizes. */
class LinearRowsTest {
    // the last two are above LinearRows.PARALLEL_MIN: rows split over the common pool (an odd count too)
    private static final int[][] SHAPES = {{1, 128, 256}, {3, 17, 5}, {64, 256, 10}, {2, 1, 3}, {4, 33, 7}, {1, 16, 4},
        {64, 256, 128}, {33, 256, 130}};

    static float[] random(int n, Random rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    static void check(float[] x, int rows, int in, float[] w, int out, float[] b, float[] y, String what) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < out; j++) {
                double want = b == null ? 0 : b[j];
                double scale = Math.abs(want);
                for (int k = 0; k < in; k++) {
                    want += (double) x[i * in + k] * w[j * in + k];
                    scale += Math.abs((double) x[i * in + k] * w[j * in + k]);
                }
                double got = y[i * out + j];
                assertTrue(Math.abs(got - want) <= 1e-6 * (1 + scale), what + " [" + i + ", " + j + "]: " + got + " vs " + want);
            }
        }
    }

    @Test
    void theTestJvmRunsTheVectorKernel() {
        assertTrue(LinearRows.vectorized(), "the Vector API kernel did not load: " + LinearRows.vectorAbsentReason());
    }

    @Test
    void bothFormsMatchTheReferenceWithAndWithoutBias() {
        Random rnd = new Random(9);
        for (int[] s : SHAPES) {
            int rows = s[0];
            int in = s[1];
            int out = s[2];
            float[] x = random(rows * in, rnd);
            float[] w = random(out * in, rnd);
            for (float[] b : new float[][] {null, random(out, rnd)}) {
                String what = rows + "x" + in + "->" + out + (b == null ? "" : " +b");
                NdArray y = LinearRows.apply(new NdArray(DType.FLOAT32, new long[] {rows, in}, x),
                        new NdArray(DType.FLOAT32, new long[] {out, in}, w), b == null ? null : new NdArray(DType.FLOAT32, new long[] {out}, b));
                check(x, rows, in, w, out, b, y.floats(), "apply " + what);
                float[] ys = new float[rows * out];
                LinearRows.scalarFloat(x, rows, in, w, out, b, ys);
                check(x, rows, in, w, out, b, ys, "scalar " + what);
            }
        }
    }

    @Test
    void theSameInputsGiveTheSameBitsBeforeAndAfterTheJitCompilesTheKernel() {
        Random rnd = new Random(4);
        NdArray x = new NdArray(DType.FLOAT32, new long[] {3, 67}, random(3 * 67, rnd));
        NdArray w = new NdArray(DType.FLOAT32, new long[] {9, 67}, random(9 * 67, rnd));
        NdArray b = new NdArray(DType.FLOAT32, new long[] {9}, random(9, rnd));
        float[] first = LinearRows.apply(x, w, b).floats();
        for (int call = 0; call < 40_000; call++) {
            float[] again = LinearRows.apply(x, w, b).floats();
            if (call % 1000 == 999) org.junit.jupiter.api.Assertions.assertArrayEquals(first, again, "call " + call);
        }
    }

    /** The twin that runs until C2 has compiled the Vector API kernel gives its bits on ragged shapes. */
    @Test
    void theScalarTwinGivesTheVectorKernelsBits() {
        LinearRows.Kernel vector = LinearRows.vectorKernel();
        LinearRows.Kernel twin = LinearRows.LaneLoops.INSTANCE;
        int lanes = vector.lanes();
        Random rnd = new Random(12);
        for (int rows : new int[] {1, 2, 3, 5}) {
            for (int in : new int[] {1, lanes - 1, lanes, lanes + 1, 3 * lanes + 7, 256}) {
                for (int out : new int[] {1, 3, 4, 5, 9}) {
                    float[] x = random(rows * in, rnd);
                    float[] w = random(out * in, rnd);
                    for (float[] b : new float[][] {null, random(out, rnd)}) {
                        float[] yv = new float[rows * out];
                        float[] yt = new float[rows * out];
                        vector.apply(x, 0, rows, in, w, out, b, yv);
                        twin.apply(x, 0, rows, in, w, out, b, yt);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(yv, yt, rows + "x" + in + "->" + out + (b == null ? "" : " +b"));
                        // a row range not starting at 0 (a parallel split's chunk)
                        if (rows > 1) {
                            float[] zv = new float[rows * out];
                            float[] zt = new float[rows * out];
                            vector.apply(x, 1, rows, in, w, out, b, zv);
                            twin.apply(x, 1, rows, in, w, out, b, zt);
                            org.junit.jupiter.api.Assertions.assertArrayEquals(zv, zt, "rows 1.." + rows + " of " + rows + "x" + in + "->" + out);
                        }
                    }
                }
            }
        }
    }

    @Test
    void anEmptyInnerDimensionGivesTheBias() {
        NdArray y = LinearRows.apply(NdArray.zeros(DType.FLOAT32, new long[] {3, 0}), NdArray.zeros(DType.FLOAT32, new long[] {2, 0}),
                new NdArray(DType.FLOAT32, new long[] {2}, new float[] {1.5f, -2f}));
        assertEquals(6, y.numel());
        for (int i = 0; i < 3; i++) {
            assertEquals(1.5f, y.floats()[2 * i]);
            assertEquals(-2f, y.floats()[2 * i + 1]);
        }
    }
}
