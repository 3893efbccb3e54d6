package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.OpTrait.RANDOM;
import static jitbook.ops.ShapeOps.grads;

/**
 * Ops that make tensors from sizes and numbers (zeros, ones, full, arange, eye, rand, randn),
 * the *_like variants, dtype casts ({@code to}, {@code type_as}) and {@code detach}. Dtypes are given by their
 * IR names ("Float", "Double", "Long", "Bool"). Creation ops have no tensor input to
 * differentiate; casts pass the gradient back in the input's dtype.
 */
final class CreationOps {
    private CreationOps() {
    }

    private static final String NO_INPUT = "creates a tensor without a tensor input to differentiate";

    static void register(OpRegistry r) {
        filled(r, "zeros", 0.0);
        filled(r, "ones", 1.0);
        full(r);
        arange(r);
        eye(r);
        random(r, "rand", "Uniform random numbers in [0, 1).", false);
        random(r, "randn", "Standard normal random numbers.", true);
        like(r, "zeros_like", "zerosLike", 0.0);
        like(r, "ones_like", "onesLike", 1.0);
        casts(r);
    }

    static long[] checkSize(String op, long[] size) {
        for (long s : size) {
            if (s < 0) throw new OpException(op, "negative size " + s + " in shape " + Shapes.str(size));
        }
        Shapes.numel(size);
        return size;
    }

    /** Shape rule for (int[] size, ..., str dtype at dtypeIdx). */
    private static ShapeRule sizeRule(String op, int dtypeIdx) {
        return a -> {
            DType t = RuleArgs.dtypeOr(op, a, dtypeIdx, DType.FLOAT32, DType.FLOAT32);
            long[] size = RuleArgs.longsOrNull(op, a, 0);
            return new TensorSpec(t, size == null ? null : checkSize(op, size));
        };
    }

    private static NdArray filledArray(DType t, long[] shape, double v) {
        NdArray out = NdArray.zeros(t, shape);
        if (v != 0) for (int i = 0; i < out.numel(); i++) out.setDouble(i, v);
        return out;
    }

    private static void filled(OpRegistry r, String name, double value) {
        String op = "tensor::" + name;
        OpDef.builder(op, name + "(int[] size, str dtype=\"Float\") -> Tensor")
                .kernel(a -> filledArray(Args.dtypeOr(op, a, 1, DType.FLOAT32), checkSize(op, Args.longs(op, a, 0)), value))
                .shape(sizeRule(op, 1))
                .notDifferentiable(NO_INPUT)
                .traits(PURE)
                .doc("A tensor of the given size filled with " + (int) value + "s.").register(r);
    }

    private static void full(OpRegistry r) {
        String op = "tensor::full";
        OpDef.builder(op, "full(int[] size, Scalar value, str dtype=\"Float\") -> Tensor")
                .kernel(a -> {
                    DType t = Args.dtypeOr(op, a, 2, DType.FLOAT32);
                    long[] size = checkSize(op, Args.longs(op, a, 0));
                    NdArray out = NdArray.zeros(t, size);
                    Object v = a[1];
                    if (v instanceof Boolean) v = (Boolean) v ? 1L : 0L;
                    if (!(v instanceof Number)) throw new OpException(op, "value must be a number, got " + Args.describe(v));
                    for (int i = 0; i < out.numel(); i++) {
                        if (t == DType.INT64 && !(v instanceof Double || v instanceof Float)) out.setLong(i, ((Number) v).longValue());
                        else out.setDouble(i, ((Number) v).doubleValue());
                    }
                    return out;
                })
                .shape(sizeRule(op, 2))
                .notDifferentiable(NO_INPUT)
                .traits(PURE)
                .doc("A tensor of the given size filled with value.").register(r);
    }

    /** The number of elements of arange(start, end, step). */
    static long arangeLength(String op, Object start, Object end, Object step) {
        double s = ((Number) start).doubleValue();
        double e = ((Number) end).doubleValue();
        double st = ((Number) step).doubleValue();
        if (st == 0 || Double.isNaN(st) || Double.isInfinite(s) || Double.isInfinite(e)) {
            throw new OpException(op, "invalid range: start " + start + ", end " + end + ", step " + step);
        }
        if ((e - s) * st < 0) {
            throw new OpException(op, "end " + end + " cannot be reached from start " + start + " with step " + step);
        }
        if (isInt(start) && isInt(end) && isInt(step)) {
            long a = ((Number) start).longValue();
            long b = ((Number) end).longValue();
            long k = ((Number) step).longValue();
            return k > 0 ? (b - a + k - 1) / k : (a - b - k - 1) / -k;
        }
        return (long) Math.ceil((e - s) / st);
    }

    private static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    private static void arange(OpRegistry r) {
        String op = "tensor::arange";
        OpDef.builder(op, "arange(Scalar start, Scalar end, Scalar step=1) -> Tensor")
                .kernel(a -> {
                    Object start = a[0];
                    Object end = a[1];
                    Object step = Args.opt(a, 2) == null ? 1L : a[2];
                    for (int i = 0; i < 3; i++) Args.doubleArg(op, new Object[] {start, end, step}, i);
                    boolean ints = isInt(start) && isInt(end) && isInt(step);
                    long n = arangeLength(op, start, end, step);
                    NdArray out = NdArray.zeros(ints ? DType.INT64 : DType.FLOAT32, new long[] {n});
                    for (int i = 0; i < n; i++) {
                        if (ints) out.setLong(i, ((Number) start).longValue() + i * ((Number) step).longValue());
                        else out.setDouble(i, ((Number) start).doubleValue() + i * ((Number) step).doubleValue());
                    }
                    return out;
                })
                .shape(a -> {
                    Object step = RuleArgs.opt(a, 2) == null ? 1L : a[2];
                    Object[] v = {a[0], a[1], step};
                    boolean known = true;
                    boolean ints = true;
                    for (Object x : v) {
                        if (x instanceof ShapeRule.Unknown) {
                            known = false;
                            ints &= ((ShapeRule.Unknown) x).kind == DType.INT64;
                        } else {
                            ints &= isInt(x);
                        }
                    }
                    DType t = ints ? DType.INT64 : DType.FLOAT32;
                    return new TensorSpec(t, new long[] {known ? arangeLength(op, v[0], v[1], v[2]) : -1});
                })
                .notDifferentiable(NO_INPUT)
                .traits(PURE)
                .doc("start, start+step, ... up to but excluding end; int64 when all three are ints, else float32.")
                .register(r);
    }

    private static void eye(OpRegistry r) {
        String op = "tensor::eye";
        OpDef.builder(op, "eye(int n, str dtype=\"Float\") -> Tensor")
                .kernel(a -> {
                    long n = Args.longArg(op, a, 0);
                    NdArray out = NdArray.zeros(Args.dtypeOr(op, a, 1, DType.FLOAT32), checkSize(op, new long[] {n, n}));
                    for (int i = 0; i < n; i++) out.setDouble((int) (i * n + i), 1.0);
                    return out;
                })
                .shape(a -> {
                    Long n = RuleArgs.longOr(op, a, 0, null);
                    DType t = RuleArgs.dtypeOr(op, a, 1, DType.FLOAT32, DType.FLOAT32);
                    return new TensorSpec(t, n == null ? new long[] {-1, -1} : checkSize(op, new long[] {n, n}));
                })
                .notDifferentiable(NO_INPUT)
                .traits(PURE)
                .doc("The n x n identity matrix.").register(r);
    }

    private static DType floatingDtype(String op, DType t) {
        if (!t.isFloating()) throw new OpException(op, "dtype must be Float or Double, got " + t.irName());
        return t;
    }

    private static void random(OpRegistry r, String name, String doc, boolean normal) {
        String op = "tensor::" + name;
        OpDef.builder(op, name + "(int[] size, str dtype=\"Float\") -> Tensor")
                .kernel(a -> {
                    NdArray out = NdArray.zeros(floatingDtype(op, Args.dtypeOr(op, a, 1, DType.FLOAT32)),
                            checkSize(op, Args.longs(op, a, 0)));
                    if (normal) Rng.normal(out); else Rng.uniform(out);
                    return out;
                })
                .shape(a -> {
                    TensorSpec s = sizeRule(op, 1).infer(a);
                    return new TensorSpec(floatingDtype(op, s.dtype), s.shape);
                })
                .notDifferentiable("random sampling")
                .traits(RANDOM)
                .doc(doc + " Seed with Rng.manualSeed.").register(r);
    }

    private static void like(OpRegistry r, String name, String method, double value) {
        String op = "tensor::" + name;
        OpDef.builder(op, method + "(Tensor self) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(op, a, 0);
                    return filledArray(x.dtype(), x.shape(), value);
                })
                .shape(ShapeRules.SAME)
                .notDifferentiable("the result does not depend on self's values")
                .traits(PURE)
                .doc("A tensor of self's shape and dtype filled with " + (int) value + "s.").register(r);
    }

    private static void casts(OpRegistry r) {
        String to = "tensor::to";
        OpDef.builder(to, "to(Tensor self, str dtype) -> Tensor")
                .kernel(a -> Args.array(to, a, 0).to(Args.dtypeOr(to, a, 1, null)))
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(to, a, 0);
                    return new TensorSpec(RuleArgs.dtypeOr(to, a, 1, x.dtype, x.dtype), x.shape);
                })
                .grad((g, in, out, gy) -> grads(g.isFloatingTensor(in.get(0)) && g.isFloatingTensor(out)
                        ? g.op("tensor::type_as", gy, in.get(0)) : null, null))
                .traits(PURE)
                .doc("A copy converted to dtype (Float, Double, Long or Bool); float to int truncates toward zero.")
                .register(r);

        String dt = "tensor::detach";
        OpDef.builder(dt, "detach(Tensor self) -> Tensor")
                .kernel(a -> Args.array(dt, a, 0))
                .shape(ShapeRules.SAME)
                .notDifferentiable("detach cuts its result off from autograd: no gradient flows back through it")
                .traits(PURE)
                .doc("self's data (shared, not copied) as a value that takes no gradient, as PyTorch's detach().").register(r);

        String ta = "tensor::type_as";
        OpDef.builder(ta, "typeAs(Tensor self, Tensor other) -> Tensor")
                .kernel(a -> Args.array(ta, a, 0).to(Args.array(ta, a, 1).dtype()))
                .shape(a -> new TensorSpec(RuleArgs.spec(ta, a, 1).dtype, RuleArgs.spec(ta, a, 0).shape))
                .grad((g, in, out, gy) -> grads(g.isFloatingTensor(in.get(0)) && g.isFloatingTensor(out)
                        ? g.op("tensor::type_as", gy, in.get(0)) : null, null))
                .traits(PURE)
                .doc("A copy of self converted to other's dtype.").register(r);
    }
}
