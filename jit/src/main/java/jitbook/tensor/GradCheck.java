package jitbook.tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpException;
import jitbook.ops.Shapes;

/**
 * Checks eager autograd against central finite differences in float64, as
 * {@code torch.autograd.gradcheck}. The function's output is reduced to a scalar by a fixed
 * random projection {@code sum(out * v)}, so one backward pass (with gradient {@code v}) gives
 * every analytic derivative, and each numeric one costs two evaluations. An element passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}; the {@link Report} names the worst
 * element either way.
 *
 * <p>Functions must be deterministic (no dropout or sampling) and smooth near the inputs (away
 * from kinks such as relu at 0 or ties in max).
 */
public final class GradCheck {
    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-3;

    private GradCheck() {
    }

    /**
     * Checks {@code f} with respect to its floating inputs, which are first copied to float64
     * leaves that require grad (integer inputs, such as indices, are passed through).
     */
    public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] converted = new Tensor[inputs.length];
        Map<String, Tensor> wrt = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in.dtype().isFloating()) {
                converted[i] = new Tensor(in.array().to(DType.FLOAT64)).requiresGrad(true);
                wrt.put("input " + i, converted[i]);
            } else {
                converted[i] = in;
            }
        }
        return check(() -> f.apply(converted), wrt);
    }

    /**
     * Checks a closure with respect to tensors it reads, given by name (for example a module's
     * {@code namedParameters()} plus its inputs). They must be float64 leaves that require grad:
     * convert a module with {@code module.to(DType.FLOAT64)} first.
     */
    public static Report check(Supplier<Tensor> f, Map<String, Tensor> wrt) {
        for (Map.Entry<String, Tensor> e : wrt.entrySet()) {
            Tensor t = e.getValue();
            if (t.dtype() != DType.FLOAT64 || !t.isLeaf() || !t.requiresGrad()) {
                throw new OpException("gradcheck", e.getKey() + " must be a float64 leaf that requires grad, got "
                        + t.dtype().irName() + Shapes.str(t.shape()) + (t.isLeaf() ? "" : " (not a leaf)"));
            }
        }
        Tensor out;
        try (GradMode.Scope s = GradMode.enabled()) {
            out = f.get();
        }
        if (!out.dtype().isFloating()) {
            throw new OpException("gradcheck", "the function must return a floating tensor, got " + out.dtype().irName());
        }
        NdArray projection = projection(out.shape());
        for (Tensor t : wrt.values()) t.zeroGrad();
        out.backward(new Tensor(projection.to(out.dtype())));

        Report report = new Report();
        for (Map.Entry<String, Tensor> e : wrt.entrySet()) {
            Tensor t = e.getValue();
            double[] analytic = t.grad() == null ? new double[(int) t.numel()] : t.grad().array().to(DType.FLOAT64).doubles();
            double[] data = t.array().doubles();
            for (int i = 0; i < data.length; i++) {
                double original = data[i];
                data[i] = original + EPS;
                double plus = projected(f, projection);
                data[i] = original - EPS;
                double minus = projected(f, projection);
                data[i] = original;
                report.record(e.getKey(), t.shape(), i, analytic[i], (plus - minus) / (2 * EPS));
            }
        }
        return report;
    }

    /** Like {@link #check(Function, Tensor...)}, but throws an {@link AssertionError} with the report when it fails. */
    public static Report assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, inputs).orThrow();
    }

    public static Report assertGradients(Supplier<Tensor> f, Map<String, Tensor> wrt) {
        return check(f, wrt).orThrow();
    }

    /** A fixed pseudo-random direction in [-1, 1), so that every check is reproducible. */
    private static NdArray projection(long[] shape) {
        NdArray v = NdArray.zeros(DType.FLOAT64, shape);
        Random r = new Random(0x9e3779b97f4a7c15L);
        double[] d = v.doubles();
        for (int i = 0; i < d.length; i++) d[i] = 2 * r.nextDouble() - 1;
        return v;
    }

    private static double projected(Supplier<Tensor> f, NdArray projection) {
        NdArray out;
        try (GradMode.Scope s = GradMode.disabled()) {
            out = f.get().array();
        }
        double sum = 0;
        for (int i = 0; i < out.numel(); i++) sum += out.getDouble(i) * projection.getDouble(i);
        return sum;
    }

    /** The outcome of a check: how many elements were compared, how many failed, and the worst one. */
    public static final class Report {
        private int checked;
        private final List<String> failures = new ArrayList<>();
        private double worstExcess = -1;
        private String worst = "nothing was checked";

        void record(String input, long[] shape, int flat, double analytic, double numeric) {
            checked++;
            double allowed = ATOL + RTOL * Math.abs(numeric);
            double diff = Math.abs(analytic - numeric);
            boolean ok = diff <= allowed && Double.isFinite(analytic) && Double.isFinite(numeric);
            String where = String.format(Locale.ROOT, "%s %s at %s: analytic %.8g, numeric %.8g, |diff| %.3g (allowed %.3g)",
                    input, Shapes.str(shape), Shapes.str(unravel(flat, shape)), analytic, numeric, diff, allowed);
            // The share of its tolerance an element uses; NaN and infinities count as the worst possible.
            double excess = Double.isFinite(diff) ? diff / allowed : Double.MAX_VALUE;
            if (!ok) failures.add(where);
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = where;
            }
        }

        public boolean passed() {
            return failures.isEmpty() && checked > 0;
        }

        public int checkedElements() {
            return checked;
        }

        public int failedElements() {
            return failures.size();
        }

        /** The element whose mismatch used the largest share of its tolerance. */
        public String worst() {
            return worst;
        }

        Report orThrow() {
            if (!passed()) throw new AssertionError("gradient check failed\n" + this);
            return this;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(passed() ? "gradcheck passed: " : "gradcheck FAILED: ")
                    .append(failures.size()).append(" of ").append(checked).append(" elements out of tolerance")
                    .append(" (eps=").append(EPS).append(", atol=").append(ATOL).append(", rtol=").append(RTOL).append(")\n")
                    .append("worst: ").append(worst);
            for (int i = 0; i < Math.min(5, failures.size()); i++) {
                if (!failures.get(i).equals(worst)) sb.append("\n  also: ").append(failures.get(i));
            }
            return sb.toString();
        }

        private static long[] unravel(int flat, long[] shape) {
            long[] idx = new long[shape.length];
            long rem = flat;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            return idx;
        }
    }
}
