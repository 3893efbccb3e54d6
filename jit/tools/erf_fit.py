"""Fits the polynomials behind jitbook.ops.Erf (float64 erf/erfc to ~1 ulp).

Run with the project's torch venv (mpmath comes with torch's sympy):

    /root/.cache/jitbook-torch-venv/bin/python jit/tools/erf_fit.py

Prints Java arrays of Horner coefficients (highest power first), fitted by mpmath's Chebyshev
fit at 50 digits:
  SMALL: erf(x) = x * P(x^2) for |x| <= 1;
  MID, TAIL: erfc(x) = exp(-x^2) * P(u) for x in [1, 3] (u = x - 2) and [3, 6] (u = (x - 4.5) / 1.5).
Beyond 6, erfc(x) < 2.2e-17 and erf(x) is 1 to double precision (the Java code uses exp(-x^2) times
a continued fraction only for erfc there).
"""
import mpmath as mp

mp.mp.dps = 50


def fit(name, f, a, b, degree):
    poly, err = mp.chebyfit(f, [a, b], degree + 1, error=True)
    print("    // %s: max fit error %s" % (name, mp.nstr(err, 3)))
    print("    private static final double[] %s = {" % name)
    for c in poly:
        print("        %s," % repr(float(c)))
    print("    };")


fit("SMALL", lambda t: mp.erf(mp.sqrt(t)) / mp.sqrt(t) if t > 0 else 2 / mp.sqrt(mp.pi), 0, 1, 11)
fit("MID", lambda u: mp.erfc(u + 2) * mp.exp((u + 2) ** 2), -1, 1, 21)
fit("TAIL", lambda u: mp.erfc(1.5 * u + 4.5) * mp.exp((1.5 * u + 4.5) ** 2), -1, 1, 14)
