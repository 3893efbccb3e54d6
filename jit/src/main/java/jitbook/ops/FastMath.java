package jitbook.ops;

/**
 * Float approximations of transcendentals for kernels on float32 data, where {@code Math.tanh}
 * (about 30 ns an element on Java 17) would dominate. Errors are pinned by {@code FastMathTest}.
 */
public final class FastMath {
    private FastMath() {
    }

    /**
     * tanh by a 13/6 rational approximation on a clamped argument (the form Eigen uses for float).
     * Maximum absolute error against {@code Math.tanh} is below 3e-7 (FastMathTest).
     */
    public static float tanh(float x) {
        float c = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, x));
        if (Math.abs(c) < 0.0004f) {
            return c;
        }
        float x2 = c * c;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        p = c * p;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return p / q;
    }

    /** The logistic function, computed so that it neither overflows nor loses precision for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * The error function, from the complementary error function's Chebyshev fit (Numerical
     * Recipes' erfcc): fractional error below 1.2e-7 everywhere.
     */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1.0 - r : r - 1.0;
    }

    /** GELU with the exact (erf) form, as PyTorch's default. */
    public static double gelu(double x) {
        return 0.5 * x * (1.0 + erf(x * 0.7071067811865476));
    }
}
