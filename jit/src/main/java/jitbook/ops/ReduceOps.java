package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.ShapeOps.grads;

/**
 * Reductions (sum, mean, max, min, argmax, var, logsumexp) and the normalizations along one
 * dimension (softmax, log_softmax). Reductions over all dims (dim=None or an empty list) give
 * 0-d tensors. Gradients broadcast the output gradient back with {@code tensor::unreduce}.
 */
final class ReduceOps {
    private ReduceOps() {
    }

    static void register(OpRegistry r) {
        sums(r);
        extrema(r);
        statistics(r);
        softmaxes(r);
    }

    /** A reduction's shape rule: arguments (self, dims, ..., keepdim at {@code keepIdx}). */
    private static ShapeRule reduceRule(String op, int keepIdx, java.util.function.UnaryOperator<DType> type) {
        return a -> {
            TensorSpec x = RuleArgs.spec(op, a, 0);
            DType t = type.apply(x.dtype);
            Object dimArg = RuleArgs.opt(a, 1);
            Boolean keep = RuleArgs.boolOr(op, a, keepIdx, false);
            long[] dims = dimArg == null ? null : RuleArgs.longsOrNull(op, a, 1);
            if ((dimArg != null && dims == null) || keep == null) return TensorSpec.unknownShape(t);
            if (x.shape == null) {
                return dims == null || dims.length == 0 ? new TensorSpec(t, keep ? null : new long[0]) : TensorSpec.unknownShape(t);
            }
            return new TensorSpec(t, Reductions.resultShape(op, x.shape, dims, keep));
        };
    }

    private static DType floatingOnly(String op, DType t) {
        if (!t.isFloating()) {
            throw new OpException(op, "expects a floating tensor (Float or Double), got " + t.irName());
        }
        return t;
    }

    private static NdArray floatingInput(String op, Object[] a) {
        NdArray x = Args.array(op, a, 0);
        if (!x.dtype().isFloating()) {
            throw new OpException(op, "expects a floating tensor (Float or Double), got " + x.dtype().irName()
                    + Shapes.str(x.shape()));
        }
        return x;
    }

    private static void sums(OpRegistry r) {
        String sum = "tensor::sum";
        OpDef.builder(sum, "sum(Tensor self, int[]? dim=None, bool keepdim=False) -> Tensor")
                .kernel(a -> Reductions.sum(sum, Args.array(sum, a, 0), Args.optionalLongs(sum, a, 1), Args.boolOr(sum, a, 2, false)))
                .shape(reduceRule(sum, 2, Reductions::sumType))
                .grad((g, in, out, gy) -> grads(g.op("tensor::unreduce", gy, in.get(0), in.get(1), in.get(2)), null, null))
                .traits(PURE)
                .doc("Sum over dim (all dims when None); int and bool tensors sum to int64.").register(r);

        String mean = "tensor::mean";
        OpDef.builder(mean, "mean(Tensor self, int[]? dim=None, bool keepdim=False) -> Tensor")
                .kernel(a -> {
                    NdArray x = floatingInput(mean, a);
                    long[] dims = Args.optionalLongs(mean, a, 1);
                    long n = Reductions.count(mean, x.shape(), dims);
                    NdArray s = Reductions.sum(mean, x, dims, Args.boolOr(mean, a, 2, false));
                    for (int i = 0; i < s.numel(); i++) s.setDouble(i, s.getDouble(i) / n);
                    return s;
                })
                .shape(reduceRule(mean, 2, t -> floatingOnly(mean, t)))
                .grad((g, in, out, gy) -> grads(g.op("tensor::mean_backward", gy, in.get(0), in.get(1), in.get(2)), null, null))
                .traits(PURE)
                .doc("Mean over dim (all dims when None); floating tensors only.").register(r);

        String mb = "tensor::mean_backward";
        OpDef.builder(mb, "meanBackward(Tensor grad, Tensor self, int[]? dim, bool keepdim) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(mb, a, 1);
                    NdArray u = (NdArray) OpRegistry.global().get("tensor::unreduce").run(a[0], x, a[2], a[3]);
                    long n = Reductions.count(mb, x.shape(), Args.optionalLongs(mb, a, 2));
                    for (int i = 0; i < u.numel(); i++) u.setDouble(i, u.getDouble(i) / n);
                    return u;
                })
                .shape(a -> new TensorSpec(RuleArgs.spec(mb, a, 0).dtype, RuleArgs.spec(mb, a, 1).shape))
                .grad((g, in, out, gy) -> grads(g.op("tensor::mean", gy, in.get(2), in.get(3)), null, null, null))
                .traits(PURE)
                .doc("The gradient of mean: grad broadcast back to self's shape, divided by the count reduced.").register(r);
    }

    private static void extrema(OpRegistry r) {
        extremum(r, "max", true);
        extremum(r, "min", false);

        argExtremum(r, "argmax", true);
        argExtremum(r, "argmin", false);
    }

    /** argmax/argmin: the first index of the largest/smallest element; NaN counts as the extreme, as PyTorch. */
    private static void argExtremum(OpRegistry r, String name, boolean largest) {
        String am = "tensor::" + name;
        OpDef.builder(am, name + "(Tensor self, int? dim=None, bool keepdim=False) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(am, a, 0);
                    Long dim = Args.optionalLong(am, a, 1);
                    boolean keep = Args.boolOr(am, a, 2, false);
                    long[] dims = dim == null ? null : new long[] {dim};
                    Reductions.Plan p = Reductions.plan(am, x, dims);
                    checkNonEmpty(am, x, p);
                    NdArray out = NdArray.zeros(DType.INT64, p.resultShape(keep));
                    long[] o = out.longs();
                    NdArray d = p.data;
                    for (int i = 0; i < p.outer; i++) {
                        int base = i * p.inner;
                        int best = 0;
                        double bv = d.getDouble(base);
                        for (int k = 1; k < p.inner; k++) {
                            double v = d.getDouble(base + k);
                            if ((largest ? v > bv : v < bv) || (Double.isNaN(v) && !Double.isNaN(bv))) {
                                bv = v;
                                best = k;
                            }
                        }
                        o[i] = best;
                    }
                    return out;
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(am, a, 0);
                    Object d = RuleArgs.opt(a, 1);
                    Boolean keep = RuleArgs.boolOr(am, a, 2, false);
                    if (x.shape == null || !RuleArgs.known(d) || keep == null) return TensorSpec.unknownShape(DType.INT64);
                    long[] dims = d == null ? null : new long[] {Args.longArg(am, a, 1)};
                    return new TensorSpec(DType.INT64, Reductions.resultShape(am, x.shape, dims, keep));
                })
                .notDifferentiable("an index has an integer result")
                .traits(PURE)
                .doc("Index of the " + (largest ? "largest" : "smallest") + " element along dim (of the flattened tensor when None); "
                        + "first index on ties.")
                .register(r);
    }

    private static void checkNonEmpty(String op, NdArray x, Reductions.Plan p) {
        if (p.inner == 0) {
            throw new OpException(op, "cannot reduce over an empty dimension of a tensor of shape " + Shapes.str(x.shape()));
        }
    }

    private static void extremum(OpRegistry r, String name, boolean max) {
        String op = "tensor::" + name;
        OpDef.builder(op, name + "(Tensor self, int[]? dim=None, bool keepdim=False) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(op, a, 0);
                    Reductions.Plan p = Reductions.plan(op, x, Args.optionalLongs(op, a, 1));
                    checkNonEmpty(op, x, p);
                    NdArray out = NdArray.zeros(x.dtype(), p.resultShape(Args.boolOr(op, a, 2, false)));
                    NdArray d = p.data;
                    for (int i = 0; i < p.outer; i++) {
                        int base = i * p.inner;
                        if (x.dtype() == DType.INT64) {
                            long best = d.getLong(base);
                            for (int k = 1; k < p.inner; k++) {
                                long v = d.getLong(base + k);
                                best = max ? Math.max(best, v) : Math.min(best, v);
                            }
                            out.setLong(i, best);
                        } else {
                            double best = d.getDouble(base);
                            for (int k = 1; k < p.inner; k++) {
                                double v = d.getDouble(base + k);
                                best = max ? Math.max(best, v) : Math.min(best, v);
                            }
                            out.setDouble(i, best);
                        }
                    }
                    return out;
                })
                .shape(reduceRule(op, 2, t -> t))
                .grad((g, in, out, gy) -> {
                    // Ties share the gradient evenly: mask of positions equal to the result, divided by their count.
                    Object x = in.get(0);
                    Object mask = g.op("tensor::eq", x, g.op("tensor::unreduce", out, x, in.get(1), in.get(2)));
                    Object count = g.op("tensor::sum", mask, in.get(1), true);
                    Object spread = g.op("tensor::unreduce", gy, x, in.get(1), in.get(2));
                    return grads(g.div(g.mul(spread, mask), count), null, null);
                })
                .traits(PURE)
                .doc("The " + (max ? "largest" : "smallest") + " values over dim (all dims when None); "
                        + "the gradient is split evenly among ties.").register(r);
    }

    private static void statistics(OpRegistry r) {
        String var = "tensor::var";
        OpDef.builder(var, "var(Tensor self, int[]? dim=None, bool unbiased=True, bool keepdim=False) -> Tensor")
                .kernel(a -> {
                    NdArray x = floatingInput(var, a);
                    boolean unbiased = Args.boolOr(var, a, 2, true);
                    Reductions.Plan p = Reductions.plan(var, x, Args.optionalLongs(var, a, 1));
                    NdArray out = NdArray.zeros(x.dtype(), p.resultShape(Args.boolOr(var, a, 3, false)));
                    NdArray d = p.data;
                    int n = p.inner;
                    double denom = unbiased ? n - 1 : n;
                    for (int i = 0; i < p.outer; i++) {
                        int base = i * n;
                        double mean = 0;
                        for (int k = 0; k < n; k++) mean += d.getDouble(base + k);
                        mean /= n;
                        double ss = 0;
                        for (int k = 0; k < n; k++) {
                            double e = d.getDouble(base + k) - mean;
                            ss += e * e;
                        }
                        out.setDouble(i, ss / denom);
                    }
                    return out;
                })
                .shape(reduceRule(var, 3, t -> floatingOnly(var, t)))
                .grad((g, in, out, gy) -> grads(g.op("tensor::var_backward", gy, in.get(0), in.get(1), in.get(2), in.get(3)),
                        null, null, null))
                .traits(PURE)
                .doc("Variance over dim (all dims when None), with Bessel's correction when unbiased.").register(r);

        String vb = "tensor::var_backward";
        OpDef.builder(vb, "varBackward(Tensor grad, Tensor self, int[]? dim, bool unbiased, bool keepdim) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(vb, a, 1);
                    long[] dims = Args.optionalLongs(vb, a, 2);
                    boolean unbiased = Args.boolOr(vb, a, 3, true);
                    NdArray u = (NdArray) OpRegistry.global().get("tensor::unreduce").run(a[0], x, dims, a[4]);
                    NdArray mean = (NdArray) OpRegistry.global().get("tensor::mean").run(x, dims, true);
                    NdArray m = ShapeOps.expandTo(vb, mean, x.shape());
                    long n = Reductions.count(vb, x.shape(), dims);
                    double scale = 2.0 / (unbiased ? n - 1 : n);
                    NdArray out = NdArray.zeros(DType.promote(u.dtype(), x.dtype()), x.shape());
                    for (int i = 0; i < out.numel(); i++) {
                        out.setDouble(i, u.getDouble(i) * scale * (x.getDouble(i) - m.getDouble(i)));
                    }
                    return out;
                })
                .shape(a -> new TensorSpec(DType.promote(RuleArgs.spec(vb, a, 0).dtype, RuleArgs.spec(vb, a, 1).dtype),
                        RuleArgs.spec(vb, a, 1).shape))
                .notDifferentiable("only used by gradients (of var)")
                .traits(PURE)
                .doc("The gradient of var: 2 (x - mean) grad / (N - unbiased).").register(r);

        String lse = "tensor::logsumexp";
        OpDef.builder(lse, "logsumexp(Tensor self, int[] dim, bool keepdim=False) -> Tensor")
                .kernel(a -> {
                    NdArray x = floatingInput(lse, a);
                    Reductions.Plan p = Reductions.plan(lse, x, Args.longs(lse, a, 1));
                    NdArray out = NdArray.zeros(x.dtype(), p.resultShape(Args.boolOr(lse, a, 2, false)));
                    for (int i = 0; i < p.outer; i++) out.setDouble(i, logSumExp(p.data, i * p.inner, p.inner, 1));
                    return out;
                })
                .shape(reduceRule(lse, 2, t -> floatingOnly(lse, t)))
                .grad((g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object w = g.op("tensor::exp", g.sub(x, g.op("tensor::unreduce", out, x, in.get(1), in.get(2))));
                    return grads(g.mul(g.op("tensor::unreduce", gy, x, in.get(1), in.get(2)), w), null, null);
                })
                .traits(PURE)
                .doc("log(sum(exp(self))) over dim, computed stably (shifted by the maximum).").register(r);
    }

    /** log(sum(exp)) of n elements at base, base+stride ...; stable: shifted by the max. */
    static double logSumExp(NdArray d, int base, int n, int stride) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) m = Math.max(m, d.getDouble(base + k * stride));
        if (Double.isInfinite(m)) return m;
        double s = 0;
        for (int k = 0; k < n; k++) s += Math.exp(d.getDouble(base + k * stride) - m);
        return m + Math.log(s);
    }

    private static void softmaxes(OpRegistry r) {
        softmax(r, "softmax", "softmax", false);
        softmax(r, "log_softmax", "logSoftmax", true);
    }

    private static void softmax(OpRegistry r, String name, String method, boolean log) {
        String op = "tensor::" + name;
        OpDef.builder(op, method + "(Tensor self, int dim) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(op, a, 0);
                    refuseIntegers(op, x.dtype());
                    long[] shape = x.shape();
                    int d = x.rank() == 0 ? 0 : Shapes.normDim(op, Args.longArg(op, a, 1), x.rank());
                    if (x.rank() == 0) Shapes.normDim(op, Args.longArg(op, a, 1), 0);
                    int n = x.rank() == 0 ? 1 : (int) shape[d];
                    int inner = 1;
                    for (int i = d + 1; i < shape.length; i++) inner *= (int) shape[i];
                    int outer = n == 0 || inner == 0 ? 0 : x.numel() / (n * inner);
                    NdArray out = NdArray.zeros(x.dtype(), shape);
                    for (int o = 0; o < outer; o++) {
                        for (int in = 0; in < inner; in++) {
                            int base = o * n * inner + in;
                            double lse = logSumExp(x, base, n, inner);
                            // PyTorch's exp(x - max) / sum: a +inf in the row makes the whole row NaN
                            if (lse == Double.POSITIVE_INFINITY) lse = Double.NaN;
                            for (int k = 0; k < n; k++) {
                                double v = x.getDouble(base + k * inner) - lse;
                                out.setDouble(base + k * inner, log ? v : Math.exp(v));
                            }
                        }
                    }
                    return out;
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(op, a, 0);
                    Long dim = RuleArgs.longOr(op, a, 1, null);
                    if (x.shape != null && dim != null) Shapes.normDim(op, dim, x.shape.length);
                    refuseIntegers(op, x.dtype);
                    return ShapeRules.SAME.infer(a);
                })
                .grad((g, in, out, gy) -> {
                    Object dims = dimList(in.get(1));
                    if (log) {
                        // d log_softmax: g - softmax * sum(g)
                        Object s = g.op("tensor::sum", gy, dims, true);
                        return grads(g.sub(gy, g.mul(g.op("tensor::exp", out), s)), null);
                    }
                    // d softmax: y * (g - sum(g * y))
                    Object s = g.op("tensor::sum", g.mul(gy, out), dims, true);
                    return grads(g.mul(out, g.sub(gy, s)), null);
                })
                .traits(PURE)
                .doc(log ? "log(softmax(self)) along dim, computed stably as self - logsumexp(self)."
                        : "exp(self) / sum(exp(self)) along dim, computed stably (shifted by the maximum).").register(r);
    }

    private static void refuseIntegers(String op, DType t) {
        if (!t.isFloating()) {
            throw new OpException(op, "is not defined for " + t.irName() + " tensors (nor in PyTorch); convert first, "
                    + "e.g. x.to(DType.FLOAT32)");
        }
    }

    /** A single dim as the int list a reduction takes (passed through when it is not a constant). */
    static Object dimList(Object dim) {
        return dim instanceof Number ? (Object) new long[] {((Number) dim).longValue()} : dim;
    }
}
