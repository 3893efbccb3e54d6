package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Test-side reference machinery, written independently of the kernels: multi-index arithmetic,
 * broadcasting reads, generic oracles (elementwise, reductions) and approximate comparison.
 */
final class Ref {
    private Ref() {
    }

    static final Random RND = new Random(1234);

    static long[] s(long... dims) {
        return dims;
    }

    static int numel(long[] shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        return n;
    }

    static long[] unravel(long[] shape, int flat) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= (int) shape[d];
        }
        return idx;
    }

    static int ravel(long[] shape, long[] idx) {
        int off = 0;
        for (int d = 0; d < shape.length; d++) {
            if (idx[d] < 0 || idx[d] >= shape[d]) throw new AssertionError("bad index " + Arrays.toString(idx));
            off = off * (int) shape[d] + (int) idx[d];
        }
        return off;
    }

    static double at(NdArray a, long... idx) {
        return a.getDouble(ravel(a.shape(), idx));
    }

    /** Reads a at an index of a (larger) broadcast shape: aligned right, size-1 dims read at 0. */
    static double atB(NdArray a, long[] outIdx) {
        long[] s = a.shape();
        long[] idx = new long[s.length];
        int off = outIdx.length - s.length;
        for (int d = 0; d < s.length; d++) idx[d] = s[d] == 1 ? 0 : outIdx[d + off];
        return at(a, idx);
    }

    static long[] bshape(long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long x = i < n - a.length ? 1 : a[i - (n - a.length)];
            long y = i < n - b.length ? 1 : b[i - (n - b.length)];
            out[i] = Math.max(x, y);
        }
        return out;
    }

    static NdArray build(DType t, long[] shape, ToDoubleFunction<long[]> f) {
        NdArray out = NdArray.zeros(t, shape);
        for (int i = 0; i < numel(shape); i++) {
            double v = f.applyAsDouble(unravel(shape, i));
            if (t == DType.INT64) out.setLong(i, (long) v); else out.setDouble(i, v);
        }
        return out;
    }

    // ---- inputs ----

    static NdArray randn(DType t, long... shape) {
        return build(t, shape, i -> RND.nextGaussian());
    }

    static NdArray uniform(DType t, double lo, double hi, long... shape) {
        return build(t, shape, i -> lo + (hi - lo) * RND.nextDouble());
    }

    static NdArray f32(long... shape) {
        return randn(DType.FLOAT32, shape);
    }

    static NdArray f64(long... shape) {
        return randn(DType.FLOAT64, shape);
    }

    static NdArray ints(long lo, long hi, long... shape) {
        return build(DType.INT64, shape, i -> lo + RND.nextInt((int) (hi - lo)));
    }

    static NdArray bools(long... shape) {
        return build(DType.BOOL, shape, i -> RND.nextBoolean() ? 1 : 0);
    }

    static NdArray longs(long[] shape, long... v) {
        return new NdArray(DType.INT64, shape, v.clone());
    }

    static NdArray floats(long[] shape, float... v) {
        return new NdArray(DType.FLOAT32, shape, v.clone());
    }

    static List<NdArray> list(NdArray... a) {
        return new ArrayList<>(Arrays.asList(a));
    }

    // ---- generic oracles ----

    static NdArray asArray(Object v) {
        if (v instanceof NdArray) return (NdArray) v;
        if (v instanceof Boolean) return new NdArray(DType.BOOL, new long[0], new boolean[] {(Boolean) v});
        if (v instanceof Long) return new NdArray(DType.INT64, new long[0], new long[] {(Long) v});
        return new NdArray(DType.FLOAT64, new long[0], new double[] {((Number) v).doubleValue()});
    }

    static NdArray unary(NdArray x, DType out, DoubleUnaryOperator f) {
        return build(out, x.shape(), i -> f.applyAsDouble(at(x, i)));
    }

    static NdArray binary(Object a, Object b, DType out, DoubleBinaryOperator f) {
        NdArray x = asArray(a);
        NdArray y = asArray(b);
        return build(out, bshape(x.shape(), y.shape()), i -> f.applyAsDouble(atB(x, i), atB(y, i)));
    }

    /** A reduction oracle: gathers, for every result element, the input values that map to it. */
    static NdArray reduce(NdArray x, long[] dims, boolean keep, DType out, Function<double[], Double> f) {
        long[] shape = x.shape();
        boolean[] red = new boolean[shape.length];
        if (dims == null || dims.length == 0) Arrays.fill(red, true);
        else for (long d : dims) red[(int) (d < 0 ? d + shape.length : d)] = true;
        List<Long> os = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (!red[d]) os.add(shape[d]);
            else if (keep) os.add(1L);
        }
        long[] oshape = os.stream().mapToLong(Long::longValue).toArray();
        List<List<Double>> groups = new ArrayList<>();
        for (int i = 0; i < numel(oshape); i++) groups.add(new ArrayList<>());
        for (int i = 0; i < numel(shape); i++) {
            long[] idx = unravel(shape, i);
            List<Long> oi = new ArrayList<>();
            for (int d = 0; d < shape.length; d++) {
                if (!red[d]) oi.add(idx[d]);
                else if (keep) oi.add(0L);
            }
            groups.get(ravel(oshape, oi.stream().mapToLong(Long::longValue).toArray())).add(x.getDouble(i));
        }
        NdArray o = NdArray.zeros(out, oshape);
        for (int i = 0; i < groups.size(); i++) {
            double v = f.apply(groups.get(i).stream().mapToDouble(Double::doubleValue).toArray());
            if (out == DType.INT64) o.setLong(i, (long) v); else o.setDouble(i, v);
        }
        return o;
    }

    // ---- comparison ----

    static void assertMatches(Object expected, Object actual, String what) {
        if (expected instanceof NdArray) {
            assertTrue(actual instanceof NdArray, what + ": expected a tensor, got " + actual);
            NdArray e = (NdArray) expected;
            NdArray a = (NdArray) actual;
            assertEquals(e.dtype(), a.dtype(), what + ": dtype");
            assertArrayEquals(e.shape(), a.shape(), what + ": shape " + Arrays.toString(a.shape()));
            double atol = e.dtype() == DType.FLOAT32 ? 1e-5 : e.dtype() == DType.FLOAT64 ? 1e-10 : 0;
            double rtol = e.dtype() == DType.FLOAT32 ? 1e-5 : e.dtype() == DType.FLOAT64 ? 1e-9 : 0;
            for (int i = 0; i < e.numel(); i++) {
                double ev = e.getDouble(i);
                double av = a.getDouble(i);
                if (Double.isNaN(ev) && Double.isNaN(av)) continue;
                if (e.dtype() == DType.INT64 ? e.getLong(i) != a.getLong(i) : !(Math.abs(ev - av) <= atol + rtol * Math.abs(ev))) {
                    fail(what + ": element " + i + " " + Arrays.toString(unravel(e.shape(), i)) + " expected " + ev + " got " + av);
                }
            }
        } else {
            assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(), what + ": result kind");
            if (expected instanceof Double) {
                assertEquals((Double) expected, (Double) actual, 1e-12 * (1 + Math.abs((Double) expected)), what);
            } else {
                assertEquals(expected, actual, what);
            }
        }
    }

    /** erf to ~1e-12 for the oracles: its Taylor series below 4, the asymptotic series of erfc above. */
    static double erf(double x) {
        double z = Math.abs(x);
        double r;
        if (z < 4) {
            double term = z;
            double sum = z;
            for (int n = 1; n < 200; n++) {
                term *= -z * z / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17) break;
            }
            r = sum * 2 / Math.sqrt(Math.PI);
        } else {
            double inv = 1 / (2 * z * z);
            double s = 1;
            double t = 1;
            for (int n = 1; n < 12; n++) {
                t *= -(2 * n - 1) * inv;
                s += t;
            }
            r = 1 - Math.exp(-z * z) / (z * Math.sqrt(Math.PI)) * s;
        }
        return x < 0 ? -r : r;
    }
}
