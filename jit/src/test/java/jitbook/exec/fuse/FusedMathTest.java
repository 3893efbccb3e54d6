package jitbook.exec.fuse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pins the maximum errors FusedMath's float approximations state, over dense grids (exp: every 3e-5 over its whole float range). */
class FusedMathTest {
    /** erf in double to ~1e-12 by its Taylor series (|x| <= 4.2; beyond, erf is within 2e-9 of +-1). */
    static double erfRef(double x) {
        if (Math.abs(x) > 4.2) return Math.signum(x);
        double sum = 0;
        double term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return sum * 2 / Math.sqrt(Math.PI);
    }

    @Test
    void statedMaximumErrors() {
        double tanh = 0;
        double sig = 0;
        double erf = 0;
        double gelu = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1e-5f; // [-20, 20]
            tanh = Math.max(tanh, Math.abs(FusedMath.tanh(x) - Math.tanh(x)));
            float s = FusedMath.sigmoid(x);
            assertTrue(s >= 0 && s <= 1, "sigmoid(" + x + ") = " + s);
            sig = Math.max(sig, Math.abs(s - 1 / (1 + Math.exp(-(double) x))));
            erf = Math.max(erf, Math.abs(FusedMath.erf(x) - erfRef(x)));
            double g = 0.5 * x * (1 + erfRef(x / Math.sqrt(2)));
            gelu = Math.max(gelu, Math.abs(FusedMath.gelu(x) - g) / (1 + Math.abs(x)));
        }
        assertTrue(tanh <= 4e-7, "tanh " + tanh);
        assertTrue(sig <= 2.5e-7, "sigmoid " + sig);
        assertTrue(erf <= 5e-7, "erf " + erf);
        assertTrue(gelu <= 5e-7, "gelu " + gelu);
        double exp = 0;
        for (float x = -103f; x < 89f; x += 3e-5f) {
            double want = Math.exp(x);
            float got = FusedMath.exp(x);
            if (want >= Float.MIN_NORMAL && want <= Float.MAX_VALUE) exp = Math.max(exp, Math.abs(got - want) / want);
            else assertTrue(got == (float) want, "exp(" + x + ") = " + got + ", not " + (float) want);
        }
        assertTrue(exp <= 1.5e-7, "exp relative " + exp);
        assertTrue(FusedMath.exp(89f) == Float.POSITIVE_INFINITY && FusedMath.exp(Float.NEGATIVE_INFINITY) == 0
                && Float.isNaN(FusedMath.exp(Float.NaN)) && FusedMath.exp(0f) == 1f);
        assertTrue(Math.abs(FusedMath.tanh(1e4f)) <= 1 && Math.abs(FusedMath.tanh(-1e4f)) <= 1);
        assertTrue(Float.isNaN(FusedMath.tanh(Float.NaN)) && Float.isNaN(FusedMath.sigmoid(Float.NaN)));
    }
}
