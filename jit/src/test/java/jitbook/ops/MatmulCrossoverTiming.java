package jitbook.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not an assertion: prints the time of square float32 products in Java loops
 * and through ND4J's BLAS, to pick {@link Matmul#BLAS_THRESHOLD}. Run with
 * {@code -Djitbook.timing=true}; timings never gate the build (performance claims belong in JMH).
 */
@EnabledIfSystemProperty(named = "jitbook.timing", matches = "true")
class MatmulCrossoverTiming {
    @Test
    void printCrossover() {
        for (int n : new int[] {16, 24, 32, 40, 48, 56, 64, 80, 96, 128, 192, 256}) {
            float[] a = new float[n * n];
            float[] b = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) Math.sin(i);
                b[i] = (float) Math.cos(i);
            }
            float[] c = new float[n * n];
            int reps = Math.max(3, 20_000_000 / (n * n * n));
            double loops = time(reps, () -> {
                java.util.Arrays.fill(c, 0f);
                Matmul.gemmLoop(a, 0, b, 0, c, 0, n, n, n);
            });
            double blas = time(reps, () -> Nd4jBridge.gemm(a, 0, b, 0, c, 0, n, n, n));
            System.out.printf("n=%4d  n^3=%9d  java %9.1f us  nd4j %9.1f us  ratio %.2f%n", n, n * n * n, loops, blas, loops / blas);
        }
    }

    private static double time(int reps, Runnable r) {
        for (int i = 0; i < reps; i++) r.run();
        double best = Double.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / reps);
        }
        return best;
    }
}
