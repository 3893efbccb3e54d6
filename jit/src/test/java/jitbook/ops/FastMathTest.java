package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins the error bounds that FastMath's Javadoc states (measured: tanh 5.5e-8 over [-10, 10]). */
class FastMathTest {
    @Test
    void tanhMaxAbsoluteErrorBelow1e7() {
        double max = 0;
        double worstAt = 0;
        int n = 2_000_001;
        for (int i = 0; i < n; i++) {
            float x = (float) (-10 + 20.0 * i / (n - 1));
            double err = Math.abs(FastMath.tanh(x) - Math.tanh(x));
            if (err > max) {
                max = err;
                worstAt = x;
            }
        }
        assertTrue(max < 1e-7, "max |FastMath.tanh - Math.tanh| = " + max + " at " + worstAt);
    }

    @Test
    void tanhIsOddAndSaturates() {
        assertEquals(0f, FastMath.tanh(0f));
        assertEquals(-FastMath.tanh(0.3f), FastMath.tanh(-0.3f));
        assertEquals(1f, FastMath.tanh(50f), 1e-7);
        assertEquals(-1f, FastMath.tanh(-50f), 1e-7);
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
    void sigmoidIsStableForLargeArguments() {
        assertEquals(1.0, FastMath.sigmoid(800), 0);
        assertEquals(0.0, FastMath.sigmoid(-800), 0);
        assertEquals(0.5, FastMath.sigmoid(0), 0);
    }
}
