package jitbook.ops;

/**
 * The error function in double to about one ulp (PyTorch's CPU kernels use a libm-class erf;
 * float32 rounds this). Piecewise polynomials fitted by {@code jit/tools/erf_fit.py}: {@code x P(x^2)}
 * for |x| <= 1; {@code 1 - exp(-x^2) P(u)} on [1, 3] and [3, 6]; 1 beyond 6, where erfc is below
 * half an ulp of 1. {@code exp(-x^2)} is taken with x^2 split into its rounded value and the
 * rounding error (by fma), so the error of squaring does not reach the result.
 */
final class Erf {
    private Erf() {
    }

    // SMALL: max fit error 7.35e-18
    private static final double[] SMALL = {
        -7.795898827002142e-10,
        1.3720064546777686e-08,
        -1.6208483801871705e-07,
        1.6447424703317362e-06,
        -1.492473690741966e-05,
        0.00012055294904839707,
        -0.0008548325975389692,
        0.0052239776071164225,
        -0.02686617064323777,
        0.11283791670945006,
        -0.37612638903183543,
        1.1283791670955126,
    };
    // MID: max fit error 1.74e-19
    private static final double[] MID = {
        -1.3079713217533027e-12,
        5.855885322087548e-12,
        -1.860639592479057e-11,
        7.959106408735742e-11,
        -3.513441305117177e-10,
        1.453548682628838e-09,
        -5.873980258929147e-09,
        2.333520312221703e-08,
        -9.074060502886393e-08,
        3.44857586195949e-07,
        -1.2795213913050206e-06,
        4.628174581117474e-06,
        -1.6293719294106544e-05,
        5.5728315415506606e-05,
        -0.0001847783671598635,
        0.0005924699953110484,
        -0.001831664275738872,
        0.0054407385374735965,
        -0.015460637764290996,
        0.04180275260352651,
        -0.1067964618534896,
        0.25539567631050575,
    };
    // TAIL: max fit error 7.55e-14
    private static final double[] TAIL = {
        3.6620914354354556e-09,
        -1.4200194989314377e-08,
        4.0672025486539483e-08,
        -1.5261960871427327e-07,
        5.856851194088754e-07,
        -2.1433115664945932e-06,
        7.717130773722622e-06,
        -2.742980243322736e-05,
        9.601442097892721e-05,
        -0.0003307144469834922,
        0.0011201614180255182,
        -0.0037279443623137623,
        0.012179532228092938,
        -0.039023892947264334,
        0.12248480427384142,
    };

    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a <= 1.0) {
            return x * horner(SMALL, x * x);
        } else if (a <= 3.0) {
            r = 1.0 - expMinusSquare(a) * horner(MID, a - 2.0);
        } else if (a <= 6.0) {
            r = 1.0 - expMinusSquare(a) * horner(TAIL, (a - 4.5) / 1.5);
        } else if (a >= 6.0) {
            r = 1.0;
        } else {
            return x; // NaN
        }
        return x < 0 ? -r : r;
    }

    /** exp(-x^2) without the rounding error of x^2: exp(-(hi + lo)) = exp(-hi) (1 - lo) for tiny lo. */
    private static double expMinusSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-hi) * (1.0 - lo);
    }

    private static double horner(double[] c, double x) {
        double p = c[0];
        for (int i = 1; i < c.length; i++) p = p * x + c[i];
        return p;
    }
}
