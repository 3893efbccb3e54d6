package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins the error bounds that FastMath's Javadoc states, over dense grids (tanhViaDouble measured 5.5e-8 over [-10, 10]). */
class FastMathTest {
    @Test
    void tanhMaxAbsoluteErrorBelow1e7() {
        double max = 0;
        double worstAt = 0;
        int n = 2_000_001;
        for (int i = 0; i < n; i++) {
            float x = (float) (-10 + 20.0 * i / (n - 1));
            double err = Math.abs(FastMath.tanhViaDouble(x) - Math.tanh(x));
            if (err > max) {
                max = err;
                worstAt = x;
            }
        }
        assertTrue(max < 1e-7, "max |FastMath.tanhViaDouble - Math.tanh| = " + max + " at " + worstAt);
    }

    @Test
    void tanhIsOddAndSaturates() {
        assertEquals(0f, FastMath.tanhViaDouble(0f));
        assertEquals(-FastMath.tanhViaDouble(0.3f), FastMath.tanhViaDouble(-0.3f));
        assertEquals(1f, FastMath.tanhViaDouble(50f), 1e-7);
        assertEquals(-1f, FastMath.tanhViaDouble(-50f), 1e-7);
    }

    @Test
    void erfAbsoluteErrorBelow1_2e7() {
        double max = 0;
        double worstAt = 0;
        int n = 200_001;
        for (int i = 0; i < n; i++) {
            double x = -6 + 12.0 * i / (n - 1);
            double err = Math.abs(FastMath.erf(x) - Ref.erf(x));
            if (err > max) {
                max = err;
                worstAt = x;
            }
        }
        assertTrue(max < 1.2e-7, "max |FastMath.erf - erf| = " + max + " at " + worstAt);
        assertEquals(0.8427007929497149, Ref.erf(1), 1e-13, "the oracle itself");
        assertEquals(0.9999999845827421, Ref.erf(4), 1e-13, "the oracle itself, asymptotic branch");
    }

    @Test
    void erfIsCorrectlyRoundedAtKnownPoints() {
        // math.erf (C's libm) at these points, which PyTorch's double erf also gives
        double[][] known = {{0, 0}, {1e-8, 1.1283791670955126e-08}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
            {1.5, 0.9661051464753108}, {2, 0.9953222650189527}, {2.9, 0.9999589021219005}, {3.5, 0.9999992569016276},
            {5, 0.9999999999984626}, {5.9, 0.9999999999999999}, {30, 1}};
        for (double[] k : known) {
            assertEquals(k[1], FastMath.erf(k[0]), Math.ulp(k[1]), "erf(" + k[0] + ")");
            assertEquals(-k[1], FastMath.erf(-k[0]), Math.ulp(k[1]), "erf(" + -k[0] + ")");
        }
        assertTrue(Double.isNaN(FastMath.erf(Double.NaN)));
        assertEquals(0.8413447460685429, FastMath.gelu(1.0), 2 * Math.ulp(0.84), "float64 gelu(1) (was 0.8413447386)");
    }

    @Test
    void sigmoidIsStableForLargeArguments() {
        assertEquals(1.0, FastMath.sigmoid(800), 0);
        assertEquals(0.0, FastMath.sigmoid(-800), 0);
        assertEquals(0.5, FastMath.sigmoid(0), 0);
    }

    @Test
    void floatApproximationsStatedMaximumErrors() {
        double tanh = 0;
        double sig = 0;
        double erf = 0;
        double gelu = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1e-5f; // [-20, 20]
            tanh = Math.max(tanh, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
            float s = FastMath.sigmoid(x);
            assertTrue(s >= 0 && s <= 1, "sigmoid(" + x + ") = " + s);
            sig = Math.max(sig, Math.abs(s - 1 / (1 + Math.exp(-(double) x))));
            erf = Math.max(erf, Math.abs(FastMath.erf(x) - Ref.erf(x)));
            double g = 0.5 * x * (1 + Ref.erf(x / Math.sqrt(2)));
            gelu = Math.max(gelu, Math.abs(FastMath.gelu(x) - g) / (1 + Math.abs(x)));
        }
        assertTrue(tanh <= 4e-7, "tanh " + tanh);
        assertTrue(sig <= 2.5e-7, "sigmoid " + sig);
        assertTrue(erf <= 5e-7, "erf " + erf);
        assertTrue(gelu <= 5e-7, "gelu " + gelu);
        double exp = 0;
        for (float x = -103f; x < 89f; x += 3e-5f) {
            double want = Math.exp(x);
            float got = FastMath.exp(x);
            if (want >= Float.MIN_NORMAL && want <= Float.MAX_VALUE) exp = Math.max(exp, Math.abs(got - want) / want);
            else assertTrue(got == (float) want, "exp(" + x + ") = " + got + ", not " + (float) want);
        }
        assertTrue(exp <= 1.5e-7, "exp relative " + exp);
        assertTrue(FastMath.exp(89f) == Float.POSITIVE_INFINITY && FastMath.exp(Float.NEGATIVE_INFINITY) == 0
                && Float.isNaN(FastMath.exp(Float.NaN)) && FastMath.exp(0f) == 1f);
        assertTrue(Math.abs(FastMath.tanh(1e4f)) <= 1 && Math.abs(FastMath.tanh(-1e4f)) <= 1);
        assertTrue(Float.isNaN(FastMath.tanh(Float.NaN)) && Float.isNaN(FastMath.sigmoid(Float.NaN)));
    }
}
