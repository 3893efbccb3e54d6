package jitbook.ops;

/**
 * The one home of the scalar math every kernel computes: eager kernels call these functions, and
 * fused kernels are generated to call them by name ({@link MathFunction#javaName()}), overload
 * resolution picking the {@code float} form on float32 data and the {@code double} form on
 * float64 data.
 *
 * <p>The {@code double} forms are {@code Math}'s where it has them, else the functions below. The
 * {@code float} forms of tanh and sigmoid are branch-free rational approximations
 * evaluated in float, so that C2 auto-vectorizes the loop that calls them (a branch, a call to
 * {@code Math.exp} or a float/double conversion keeps a loop scalar on Java 17). Their maximum
 * absolute errors against the exact function, pinned by {@code FastMathTest} over dense grids, are:
 * <ul>
 *   <li>{@link #tanh(float)}: 4e-7 (Eigen's 13/6 rational on [-7.905, 7.905], clamped outside);</li>
 *   <li>{@link #sigmoid(float)}: 2.5e-7, as {@code 0.5 + 0.5 tanh(x/2)} with the scaling folded
 *       into the coefficients (absolute: for x below about -16 it returns about 1e-7, not the tiny
 *       true value, so take logs of it with care);</li>
 * </ul>
 * {@link #erf(float)} and {@link #gelu(float)} round the double forms (within an ulp of
 * PyTorch's, which GELU in every transformer needs; scalar, not vectorized).
 * {@link #exp(float)} is Cephes' {@code expf} (2^n times a degree-7 polynomial on |r| <= ln2/2):
 * relative error below 1.5e-7 (measured 8.1e-8), about 3.5 ns an element against 14 ns for
 * {@code (float) Math.exp(x)} in a float loop on Java 17 here; it stays scalar (C2 does not
 * vectorize the float/int bit casts it needs), and hands NaN, overflow and results below
 * float's normal range to {@code Math.exp}. Everything else in float ({@code log}, {@code sin},
 * {@code pow} ...) rounds the double result (scalar, 14-17 ns an element for log and sin here).
 * {@link #tanhViaDouble(float)} is the eager float32 tanh: the same rational evaluated in double.
 */
public final class FastMath {
    private FastMath() {
    }

    private static final float TANH_CLAMP = 7.90531110763549805f;
    // tanh(x) ~ x * P(x^2) / Q(x^2) (Eigen's float tanh): P = T13 x^12 + ... + T1, Q = U6 x^6 + ... + U0,
    // shared by the float-evaluated form and the double-evaluated one
    private static final double T13 = -2.76076847742355e-16;
    private static final double T11 = 2.00018790482477e-13;
    private static final double T9 = -8.60467152213735e-11;
    private static final double T7 = 5.12229709037114e-08;
    private static final double T5 = 1.48572235717979e-05;
    private static final double T3 = 6.37261928875436e-04;
    private static final double T1 = 4.89352455891786e-03;
    private static final double U6 = 1.19825839466702e-06;
    private static final double U4 = 1.18534705686654e-04;
    private static final double U2 = 2.26843463243900e-03;
    private static final double U0 = 4.89352518554385e-03;
    private static final float TA13 = (float) T13;
    private static final float TA11 = (float) T11;
    private static final float TA9 = (float) T9;
    private static final float TA7 = (float) T7;
    private static final float TA5 = (float) T5;
    private static final float TA3 = (float) T3;
    private static final float TA1 = (float) T1;
    private static final float TB6 = (float) U6;
    private static final float TB4 = (float) U4;
    private static final float TB2 = (float) U2;
    private static final float TB0 = (float) U0;

    // sigmoid(x) = 0.5 + 0.5 tanh(x/2) = 0.5 + x * SP(x^2) / SQ(x^2): a_k / 4^(k+1), b_k / 4^k
    private static final float SIG_CLAMP = 2 * TANH_CLAMP;
    private static final float SA13 = (float) (T13 / Math.pow(4, 7));
    private static final float SA11 = (float) (T11 / Math.pow(4, 6));
    private static final float SA9 = (float) (T9 / Math.pow(4, 5));
    private static final float SA7 = (float) (T7 / Math.pow(4, 4));
    private static final float SA5 = (float) (T5 / Math.pow(4, 3));
    private static final float SA3 = (float) (T3 / Math.pow(4, 2));
    private static final float SA1 = (float) (T1 / 4);
    private static final float SB6 = (float) (U6 / Math.pow(4, 3));
    private static final float SB4 = (float) (U4 / Math.pow(4, 2));
    private static final float SB2 = (float) (U2 / 4);
    private static final float SB0 = (float) U0;

    // ---- float32: what eager and fused kernels compute on float data ---------------------------

    /** tanh, max abs error 4e-7 (measured 3.95e-7); see the class comment. */
    public static float tanh(float x) {
        float c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float z = c * c;
        float p = z * TA13 + TA11;
        p = z * p + TA9;
        p = z * p + TA7;
        p = z * p + TA5;
        p = z * p + TA3;
        p = z * p + TA1;
        p = c * p;
        float q = z * TB6 + TB4;
        q = z * q + TB2;
        q = z * q + TB0;
        return p / q;
    }

    /** The logistic function, max abs error 2.5e-7; see the class comment. */
    public static float sigmoid(float x) {
        float c = Math.max(-SIG_CLAMP, Math.min(SIG_CLAMP, x));
        float z = c * c;
        float p = z * SA13 + SA11;
        p = z * p + SA9;
        p = z * p + SA7;
        p = z * p + SA5;
        p = z * p + SA3;
        p = z * p + SA1;
        p = c * p;
        float q = z * SB6 + SB4;
        q = z * q + SB2;
        q = z * q + SB0;
        return 0.5f + p / q;
    }

    /** The error function, rounded from {@link Erf}'s double (PyTorch's float erf is within an ulp). */
    public static float erf(float x) {
        return (float) Erf.erf(x);
    }

    /** GELU, exact (erf) form, evaluated in double and rounded once. */
    public static float gelu(float x) {
        return (float) gelu((double) x);
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f; // ln 2 split so that n * LN2_HI is exact
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUND_MAGIC_BITS = 0x4B400000;

    /** e^x, relative error below 1.5e-7; see the class comment. */
    public static float exp(float x) {
        if (!(x > -87.3f && x < 88f)) return (float) Math.exp(x); // n stays in [-126, 127]
        float t = x * LOG2E + ROUND_MAGIC;
        float n = t - ROUND_MAGIC; // round(x / ln 2)
        float r = x - n * LN2_HI - n * LN2_LO;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        float er = p * r * r + r + 1f;
        int scale = (Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS + 127) << 23; // 2^n
        return er * Float.intBitsToFloat(scale);
    }

    public static float log(float x) {
        return (float) Math.log(x);
    }

    public static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    public static float sin(float x) {
        return (float) Math.sin(x);
    }

    public static float cos(float x) {
        return (float) Math.cos(x);
    }

    public static float pow(float a, float b) {
        return (float) pow((double) a, (double) b);
    }

    public static float floor(float x) {
        return (float) Math.floor(x);
    }

    public static float ceil(float x) {
        return (float) Math.ceil(x);
    }

    public static float rint(float x) {
        return (float) Math.rint(x);
    }

    public static float log1p(float x) {
        return (float) Math.log1p(x);
    }

    public static float expm1(float x) {
        return (float) Math.expm1(x);
    }

    public static float remainder(float a, float b) {
        return (float) remainder((double) a, (double) b);
    }

    public static float abs(float x) {
        return Math.abs(x);
    }

    /** PyTorch's sign: 0 for NaN (Math.signum gives NaN). */
    public static float signum(float x) {
        return x > 0 ? 1f : x < 0 ? -1f : 0f;
    }

    public static float max(float a, float b) {
        return Math.max(a, b);
    }

    public static float min(float a, float b) {
        return Math.min(a, b);
    }

    /**
     * tanh of a float by the same 13/6 rational approximation as {@link #tanh(float)}, evaluated
     * in double so that Horner's rounding does not add to the fit's own error; beyond |x| = 7.905,
     * where the fit ends, by 1 - 2/(exp(2|x|) + 1). Maximum absolute error against {@code
     * Math.tanh} over [-10, 10] is 5.5e-8, under one float ulp (FastMathTest pins it below 1e-7).
     * The eager float32 kernel; scalar.
     */
    public static float tanhViaDouble(float x) {
        double c = x;
        double ac = Math.abs(c);
        if (ac < 0.0004) {
            return x;
        }
        if (ac > TANH_CLAMP) {
            double e = Math.exp(-2 * ac);
            double r = (1 - e) / (1 + e);
            return (float) (c < 0 ? -r : r);
        }
        double x2 = c * c;
        double p = x2 * T13 + T11;
        p = x2 * p + T9;
        p = x2 * p + T7;
        p = x2 * p + T5;
        p = x2 * p + T3;
        p = x2 * p + T1;
        p = c * p;
        double q = x2 * U6 + U4;
        q = x2 * q + U2;
        q = x2 * q + U0;
        return (float) (p / q);
    }

    // ---- float64 ---------------------------------------------------------------------------------

    public static double tanh(double x) {
        return Math.tanh(x);
    }

    /** The logistic function, computed so that it neither overflows nor loses precision for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** The error function to about an ulp; see {@link Erf}. */
    public static double erf(double x) {
        return Erf.erf(x);
    }

    /** GELU with the exact (erf) form, as PyTorch's default. */
    public static double gelu(double x) {
        return 0.5 * x * (1.0 + erf(x * 0.7071067811865476));
    }

    public static double exp(double x) {
        return Math.exp(x);
    }

    public static double log(double x) {
        return Math.log(x);
    }

    public static double sqrt(double x) {
        return Math.sqrt(x);
    }

    public static double sin(double x) {
        return Math.sin(x);
    }

    public static double cos(double x) {
        return Math.cos(x);
    }

    /** C's pow (PyTorch's): 1 to any power, and -1 to an infinite one, is 1 (Java's Math.pow gives NaN). */
    public static double pow(double a, double b) {
        if (a == 1.0 || a == -1.0 && Double.isInfinite(b)) return 1.0;
        return Math.pow(a, b);
    }

    public static double floor(double x) {
        return Math.floor(x);
    }

    public static double ceil(double x) {
        return Math.ceil(x);
    }

    /** Round half to even, as PyTorch's round. */
    public static double rint(double x) {
        return Math.rint(x);
    }

    public static double log1p(double x) {
        return Math.log1p(x);
    }

    public static double expm1(double x) {
        return Math.expm1(x);
    }

    /** Python's (and PyTorch's) modulus: the fmod adjusted to take the divisor's sign. */
    public static double remainder(double a, double b) {
        double m = a % b;
        if (m != 0 && (b < 0) != (m < 0)) m += b;
        return m;
    }

    public static double abs(double x) {
        return Math.abs(x);
    }

    /** PyTorch's sign: 0 for NaN. */
    public static double signum(double x) {
        return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
    }

    public static double max(double a, double b) {
        return Math.max(a, b);
    }

    public static double min(double a, double b) {
        return Math.min(a, b);
    }
}
