package jitbook.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference gradient checking on {@link NdArray}s: the numerical vector-Jacobian
 * product of any function of arrays by central differences, a comparison with an analytic one,
 * and {@link #checkOp}, which checks a registry op's gradient rule against its own kernel.
 * Checks should run in float64 ({@link #toDouble}); the defaults (eps 1e-6, tolerance
 * 1e-5 absolute + 1e-4 relative) assume so. A Tensor-level gradient check builds on this.
 */
public final class ArrayGradCheck {
    private ArrayGradCheck() {
    }

    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-4;

    /** The outcome of a check: whether it passed, the largest error seen and, on failure, where. */
    public static final class Result {
        public final boolean ok;
        public final double maxError;
        public final String message;

        Result(boolean ok, double maxError, String message) {
            this.ok = ok;
            this.maxError = maxError;
            this.message = message;
        }

        @Override
        public String toString() {
            return (ok ? "ok" : "FAILED") + " (max error " + maxError + ")" + (message.isEmpty() ? "" : ": " + message);
        }
    }

    /** A copy of args with every floating tensor (also inside lists) converted to float64. */
    public static Object[] toDouble(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) out[i] = toDouble(out[i]);
        return out;
    }

    private static Object toDouble(Object v) {
        if (v instanceof NdArray) {
            NdArray a = (NdArray) v;
            return a.dtype().isFloating() ? a.to(DType.FLOAT64) : a;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object e : (List<?>) v) l.add(toDouble(e));
            return l;
        }
        return v;
    }

    /**
     * The numerical VJP of {@code f} at {@code args}: for each floating tensor argument (or each
     * floating element of a tensor-list argument), d sum(gradOutput * f(args)) / d arg by central
     * differences; null for other arguments (a list with null elements for tensor lists).
     * Arguments are perturbed in copies; the caller's arrays are left as they were.
     */
    public static List<Object> numericVjp(Function<Object[], Object> f, Object[] args, NdArray gradOutput, double eps) {
        Object[] work = args.clone();
        List<Object> grads = new ArrayList<>();
        for (int i = 0; i < work.length; i++) {
            Object v = work[i];
            if (v instanceof NdArray && ((NdArray) v).dtype().isFloating()) {
                NdArray x = ((NdArray) v).copy();
                work[i] = x;
                grads.add(perturb(f, work, x, gradOutput, eps));
                work[i] = v;
            } else if (v instanceof List && ((List<?>) v).stream().anyMatch(e -> e instanceof NdArray)) {
                List<Object> list = new ArrayList<>((List<?>) v);
                List<Object> gl = new ArrayList<>();
                work[i] = list;
                for (int k = 0; k < list.size(); k++) {
                    Object e = list.get(k);
                    if (e instanceof NdArray && ((NdArray) e).dtype().isFloating()) {
                        NdArray x = ((NdArray) e).copy();
                        list.set(k, x);
                        gl.add(perturb(f, work, x, gradOutput, eps));
                        list.set(k, e);
                    } else {
                        gl.add(null);
                    }
                }
                work[i] = v;
                grads.add(gl);
            } else {
                grads.add(null);
            }
        }
        return grads;
    }

    private static NdArray perturb(Function<Object[], Object> f, Object[] work, NdArray x, NdArray gy, double eps) {
        NdArray g = NdArray.zeros(x.dtype(), x.shape());
        for (int j = 0; j < x.numel(); j++) {
            double orig = x.getDouble(j);
            x.setDouble(j, orig + eps);
            double plus = dot(gy, f.apply(work));
            x.setDouble(j, orig - eps);
            double minus = dot(gy, f.apply(work));
            x.setDouble(j, orig);
            g.setDouble(j, (plus - minus) / (2 * eps));
        }
        return g;
    }

    private static double dot(NdArray gy, Object out) {
        NdArray y = (NdArray) out;
        if (!Arrays.equals(y.shape(), gy.shape())) {
            throw new IllegalArgumentException("output of shape " + Shapes.str(y.shape()) + " does not match the output gradient "
                    + Shapes.str(gy.shape()));
        }
        double s = 0;
        for (int i = 0; i < y.numel(); i++) s += gy.getDouble(i) * y.getDouble(i);
        return s;
    }

    /**
     * Compares analytic gradients (null meaning zero) with numeric ones, element by element:
     * |a - n| <= atol + rtol * |n|. Shapes and dtypes must match the numeric gradient's.
     */
    public static Result compare(String what, List<Object> analytic, List<Object> numeric, double atol, double rtol) {
        double maxErr = 0;
        if (analytic.size() != numeric.size()) {
            return new Result(false, Double.NaN, what + ": " + analytic.size() + " gradients for " + numeric.size() + " arguments");
        }
        for (int i = 0; i < numeric.size(); i++) {
            Object n = numeric.get(i);
            Object a = analytic.get(i);
            if (n instanceof List) {
                List<?> nl = (List<?>) n;
                if (a != null && !(a instanceof List && ((List<?>) a).size() == nl.size())) {
                    return new Result(false, Double.NaN, what + ": argument " + i + " needs a list of " + nl.size()
                            + " gradients, got " + Args.describe(a));
                }
                for (int k = 0; k < nl.size(); k++) {
                    Object ak = a == null ? null : ((List<?>) a).get(k);
                    Result r = compareOne(what + " argument " + i + "[" + k + "]", ak, (NdArray) nl.get(k), atol, rtol);
                    if (!r.ok) return r;
                    maxErr = Math.max(maxErr, r.maxError);
                }
            } else if (n != null) {
                Result r = compareOne(what + " argument " + i, a, (NdArray) n, atol, rtol);
                if (!r.ok) return r;
                maxErr = Math.max(maxErr, r.maxError);
            }
        }
        return new Result(true, maxErr, "");
    }

    private static Result compareOne(String what, Object a, NdArray n, double atol, double rtol) {
        if (n == null) return new Result(true, 0, "");
        if (a != null && !(a instanceof NdArray)) {
            return new Result(false, Double.NaN, what + ": gradient is not a tensor but " + Args.describe(a));
        }
        NdArray an = (NdArray) a;
        if (an != null && !Arrays.equals(an.shape(), n.shape())) {
            return new Result(false, Double.NaN, what + ": gradient of shape " + Shapes.str(an.shape())
                    + " for an input of shape " + Shapes.str(n.shape()));
        }
        if (an != null && an.dtype() != n.dtype()) {
            return new Result(false, Double.NaN, what + ": gradient of dtype " + an.dtype().irName() + " for an input of dtype "
                    + n.dtype().irName());
        }
        double maxErr = 0;
        for (int j = 0; j < n.numel(); j++) {
            double ev = n.getDouble(j);
            double av = an == null ? 0 : an.getDouble(j);
            double err = Math.abs(av - ev);
            if (!(err <= atol + rtol * Math.abs(ev))) {
                return new Result(false, err, what + ": element " + j + " analytic " + av + " vs numeric " + ev);
            }
            maxErr = Math.max(maxErr, err);
        }
        return new Result(true, maxErr, "");
    }

    /** {@link #checkOp(OpDef, Object[], long, double, double, double)} with the default eps and tolerances. */
    public static Result checkOp(OpDef op, Object[] args, long seed) {
        return checkOp(op, args, seed, EPS, ATOL, RTOL);
    }

    /**
     * Checks {@code op}'s gradient rule at {@code args} (defaults filled) against central
     * differences of its kernel, for a random output gradient drawn from {@code seed}.
     */
    public static Result checkOp(OpDef op, Object[] args, long seed, double eps, double atol, double rtol) {
        Object[] full = ArrayGradContext.withDefaults(op, args);
        Object out = op.run(full);
        if (!(out instanceof NdArray)) {
            return new Result(false, Double.NaN, op.name() + " does not return a tensor");
        }
        NdArray y = (NdArray) out;
        NdArray gy = NdArray.zeros(y.dtype(), y.shape());
        Random rnd = new Random(seed);
        for (int i = 0; i < gy.numel(); i++) gy.setDouble(i, rnd.nextGaussian());
        List<Object> analytic = new ArrayGradContext().vjp(op, full, y, gy);
        List<Object> numeric = numericVjp(op::run, full, gy, eps);
        return compare(op.name(), analytic, numeric, atol, rtol);
    }
}
