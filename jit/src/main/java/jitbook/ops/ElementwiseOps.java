package jitbook.ops;

import static jitbook.ops.OpTrait.COMMUTATIVE;
import static jitbook.ops.OpTrait.ELEMENTWISE;
import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.ScalarExpr.A;
import static jitbook.ops.ScalarExpr.B;
import static jitbook.ops.ScalarExpr.C;
import static jitbook.ops.ScalarExpr.add;
import static jitbook.ops.ScalarExpr.call;
import static jitbook.ops.ScalarExpr.compare;
import static jitbook.ops.ScalarExpr.constant;
import static jitbook.ops.ScalarExpr.div;
import static jitbook.ops.ScalarExpr.mul;
import static jitbook.ops.ScalarExpr.neg;
import static jitbook.ops.ScalarExpr.select;
import static jitbook.ops.ScalarExpr.sub;

import java.util.Arrays;
import java.util.List;

import jitbook.ops.ScalarExpr.Kind;

/**
 * Elementwise ops: arithmetic, math functions, activations, comparisons and {@code where}. Each
 * declares its kernel, shape rule, gradient rule and the scalar Java expression a fused kernel
 * inlines ({@code a}, {@code b}, {@code c} are the operands).
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    private static final double SQRT1_2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    static void register(OpRegistry r) {
        arithmetic(r);
        math(r);
        activations(r);
        comparisons(r);
    }

    private static List<Object> grads(Object... g) {
        return Arrays.asList(g);
    }

    /** The gradient for a binary operand: summed back to its shape, or none for numbers and integer tensors. */
    private static Object operandGrad(GradContext g, Object operand, Object grad) {
        return g.isFloatingTensor(operand) ? g.sumTo(grad, operand) : null;
    }

    private static void arithmetic(OpRegistry r) {
        OpDef.builder("tensor::add", "add(Tensor|Scalar self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> Elementwise.binary("tensor::add", a[0], a[1], (x, y) -> x + y, Long::sum, true))
                .shape(ShapeRules.broadcastKeepingBool("tensor::add"))
                .grad((g, in, out, gy) -> grads(operandGrad(g, in.get(0), gy), operandGrad(g, in.get(1), gy)))
                .traits(PURE, ELEMENTWISE, COMMUTATIVE).fused(add(A, B))
                .doc("Elementwise sum with broadcasting (of two bools: their or).").register(r);
        OpDef.builder("tensor::sub", "sub(Tensor|Scalar self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> Elementwise.binary("tensor::sub", refuseBool(a), a[1], (x, y) -> x - y, (x, y) -> x - y))
                .shape(args -> {
                    refuseBool(args);
                    return ShapeRules.broadcast("tensor::sub").infer(args);
                })
                .grad((g, in, out, gy) -> grads(operandGrad(g, in.get(0), gy),
                        g.isFloatingTensor(in.get(1)) ? g.sumTo(g.neg(gy), in.get(1)) : null))
                .traits(PURE, ELEMENTWISE).fused(sub(A, B))
                .doc("Elementwise difference with broadcasting; bool operands are refused, as in PyTorch.").register(r);
        OpDef.builder("tensor::mul", "mul(Tensor|Scalar self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> Elementwise.binary("tensor::mul", a[0], a[1], (x, y) -> x * y, (x, y) -> x * y, true))
                .shape(ShapeRules.broadcastKeepingBool("tensor::mul"))
                .grad((g, in, out, gy) -> grads(
                        g.isFloatingTensor(in.get(0)) ? g.sumTo(g.mul(gy, in.get(1)), in.get(0)) : null,
                        g.isFloatingTensor(in.get(1)) ? g.sumTo(g.mul(gy, in.get(0)), in.get(1)) : null))
                .traits(PURE, ELEMENTWISE, COMMUTATIVE).fused(mul(A, B))
                .doc("Elementwise product with broadcasting (of two bools: their and).").register(r);
        OpDef.builder("tensor::div", "div(Tensor|Scalar self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> Elementwise.binary("tensor::div", a[0], a[1], (x, y) -> x / y, null))
                .shape(ShapeRules.broadcastFloat("tensor::div"))
                .grad((g, in, out, gy) -> grads(
                        g.isFloatingTensor(in.get(0)) ? g.sumTo(g.div(gy, in.get(1)), in.get(0)) : null,
                        // d(a/b)/db = -a/b^2 = -out/b
                        g.isFloatingTensor(in.get(1)) ? g.sumTo(g.neg(g.div(g.mul(gy, out), in.get(1))), in.get(1)) : null))
                .traits(PURE, ELEMENTWISE).fused(div(A, B))
                .doc("True division (integer tensors give float32), with broadcasting.").register(r);
        OpDef.builder("tensor::pow", "pow(Tensor|Scalar self, Tensor|Scalar exponent) -> Tensor")
                .kernel(a -> Elementwise.binary("tensor::pow", a[0], a[1], FastMath::pow, ElementwiseOps::intPow))
                .shape(ShapeRules.broadcast("tensor::pow"))
                .grad((g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object y = in.get(1);
                    // d/dx x^y = y * x^(y-1), taken as 0 where y == 0 (0 * 0^-1 would be NaN at x = 0);
                    // d/dy x^y = x^y * log(x), taken as 0 where x == 0 and y >= 0 (0 * -inf); both as PyTorch.
                    // log(x) is taken in the result's dtype (an int64 base with a float64 exponent: float64).
                    Object gx = g.isFloatingTensor(x)
                            ? g.sumTo(g.op("tensor::where", g.op("tensor::eq", y, 0.0), 0.0,
                                    g.mul(gy, g.mul(y, g.op("tensor::pow", x, g.sub(y, 1.0))))), x) : null;
                    Object gyy = null;
                    if (g.isFloatingTensor(y)) {
                        Object base = g.isTensor(x) ? g.op("tensor::type_as", x, out) : x;
                        Object zeroBase = g.mul(g.op("tensor::eq", x, 0.0), g.op("tensor::ge", y, 0.0));
                        gyy = g.sumTo(g.op("tensor::where", zeroBase, 0.0, g.mul(gy, g.mul(out, g.op("tensor::log", base)))), y);
                    }
                    return grads(gx, gyy);
                })
                .traits(PURE, ELEMENTWISE).fused(call(MathFunction.POW, A, B))
                .doc("Elementwise power.").register(r);
        OpDef.builder("tensor::maximum", "maximum(Tensor self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> Elementwise.binary("tensor::maximum", a[0], a[1], Math::max, Math::max, true))
                .shape(ShapeRules.broadcastKeepingBool("tensor::maximum"))
                .grad((g, in, out, gy) -> grads(
                        operandGrad(g, in.get(0), g.mul(gy, tieSplit(g, "tensor::gt", in.get(0), in.get(1)))),
                        operandGrad(g, in.get(1), g.mul(gy, tieSplit(g, "tensor::lt", in.get(0), in.get(1))))))
                .traits(PURE, ELEMENTWISE, COMMUTATIVE).fused(call(MathFunction.MAX, A, B))
                .doc("Elementwise maximum (NaN if either is NaN); ties split the gradient evenly, as PyTorch.").register(r);
        OpDef.builder("tensor::minimum", "minimum(Tensor self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> Elementwise.binary("tensor::minimum", a[0], a[1], Math::min, Math::min, true))
                .shape(ShapeRules.broadcastKeepingBool("tensor::minimum"))
                .grad((g, in, out, gy) -> grads(
                        operandGrad(g, in.get(0), g.mul(gy, tieSplit(g, "tensor::lt", in.get(0), in.get(1)))),
                        operandGrad(g, in.get(1), g.mul(gy, tieSplit(g, "tensor::gt", in.get(0), in.get(1))))))
                .traits(PURE, ELEMENTWISE, COMMUTATIVE).fused(call(MathFunction.MIN, A, B))
                .doc("Elementwise minimum (NaN if either is NaN); ties split the gradient evenly, as PyTorch.").register(r);
        OpDef.builder("tensor::where", "where(Tensor condition, Tensor|Scalar self, Tensor|Scalar other) -> Tensor")
                .kernel(ElementwiseOps::where)
                .shape(args -> {
                    requireBoolCondition(RuleArgs.spec("tensor::where", args, 0).dtype);
                    TensorSpec v = new TensorSpec(ShapeRules.promoted(args[1], args[2]),
                            ShapeRules.broadcastShape("tensor::where", args[1], args[2]));
                    long[] s = v.shape == null ? null : ShapeRules.broadcastShape("tensor::where", args[0], v);
                    return new TensorSpec(v.dtype, s);
                })
                .grad((g, in, out, gy) -> grads(null,
                        operandGrad(g, in.get(1), g.op("tensor::where", in.get(0), gy, 0.0)),
                        operandGrad(g, in.get(2), g.op("tensor::where", in.get(0), 0.0, gy))))
                .traits(PURE, ELEMENTWISE).fused(select(compare(Kind.NE, A, constant(0)), B, C))
                .doc("Picks from self where condition holds, else from other.").register(r);
    }

    /** PyTorch refuses to subtract bools: returns the first argument, or throws if either operand is bool. */
    private static Object refuseBool(Object[] args) {
        boolean a = Elementwise.isBool(args[0]) || args[0] instanceof TensorSpec && ((TensorSpec) args[0]).dtype == DType.BOOL;
        boolean b = Elementwise.isBool(args[1]) || args[1] instanceof TensorSpec && ((TensorSpec) args[1]).dtype == DType.BOOL;
        if (a || b) {
            throw new OpException("tensor::sub", "subtraction with a bool tensor is not supported (nor in PyTorch); to invert a mask use "
                    + "logicalNot(), for where two masks differ ne()");
        }
        return args[0];
    }

    /** The share of maximum's/minimum's gradient an operand gets: 1 where {@code wins(a, b)}, 1/2 at ties, else 0. */
    private static Object tieSplit(GradContext g, String wins, Object a, Object b) {
        return g.add(g.mul(g.op(wins, a, b), 1.0), g.mul(g.op("tensor::eq", a, b), 0.5));
    }

    /** min(max(x, lo), hi) in the dtype x promotes to with the bounds (either bound may be null: absent). */
    private static NdArray clamp(String op, Object x, Object lo, Object hi) {
        NdArray a = Args.array(op, new Object[] {x}, 0);
        Object[] bounds = {lo, hi};
        DType t = a.dtype();
        for (Object bound : bounds) {
            if (bound == null) continue;
            if (!(bound instanceof Number)) throw new OpException(op, "bounds must be numbers, got " + Args.describe(bound));
            t = Elementwise.resultType(NdArray.zeros(t, new long[] {1}), bound);
        }
        if (t == DType.BOOL) throw new OpException(op, "is not defined for Bool tensors (nor in PyTorch)");
        NdArray in = a.dtype() == t ? a : a.to(t);
        NdArray out = NdArray.zeros(t, a.shape());
        int n = a.numel();
        if (t == DType.INT64) {
            long l = lo == null ? Long.MIN_VALUE : ((Number) lo).longValue();
            long h = hi == null ? Long.MAX_VALUE : ((Number) hi).longValue();
            for (int i = 0; i < n; i++) out.setLong(i, Math.min(h, Math.max(l, in.getLong(i))));
        } else {
            double l = lo == null ? Double.NEGATIVE_INFINITY : ((Number) lo).doubleValue();
            double h = hi == null ? Double.POSITIVE_INFINITY : ((Number) hi).doubleValue();
            // Math.max/min pass NaN through, as PyTorch's clamp does
            for (int i = 0; i < n; i++) out.setDouble(i, Math.min(h, Math.max(l, in.getDouble(i))));
        }
        return out;
    }

    private static void requireBoolCondition(DType t) {
        if (t != DType.BOOL) {
            throw new OpException("tensor::where", "the condition must be a bool tensor, got " + t.irName()
                    + " (as in PyTorch); make one by comparing, e.g. x.gt(0)");
        }
    }

    private static long intPow(long x, long y) {
        if (y < 0) {
            return x == 1 ? 1 : x == -1 ? (y % 2 == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        for (long i = 0; i < y; i++) result *= x;
        return result;
    }

    private static Object where(Object[] a) {
        String op = "tensor::where";
        NdArray cond = Args.array(op, a, 0);
        requireBoolCondition(cond.dtype());
        Elementwise.checkOperand(op, a[1], 1);
        Elementwise.checkOperand(op, a[2], 2);
        DType t = Elementwise.resultType(a[1], a[2]);
        long[] vs = Shapes.broadcast(op, Elementwise.shapeOf(a[1]), Elementwise.shapeOf(a[2]));
        long[] shape = Shapes.broadcast(op, cond.shape(), vs);
        NdArray x = Elementwise.asArray(a[1], t);
        NdArray y = Elementwise.asArray(a[2], t);
        NdArray out = NdArray.zeros(t, shape);
        Elementwise.BroadcastIndex ic = new Elementwise.BroadcastIndex(cond.shape(), shape);
        Elementwise.BroadcastIndex ix = new Elementwise.BroadcastIndex(x.shape(), shape);
        Elementwise.BroadcastIndex iy = new Elementwise.BroadcastIndex(y.shape(), shape);
        for (int i = 0; i < out.numel(); i++) {
            boolean c = cond.bools()[ic.offset(i)];
            if (t == DType.INT64) {
                out.setLong(i, c ? x.getLong(ix.offset(i)) : y.getLong(iy.offset(i)));
            } else {
                out.setDouble(i, c ? x.getDouble(ix.offset(i)) : y.getDouble(iy.offset(i)));
            }
        }
        return out;
    }

    private static void unaryOp(OpRegistry r, String name, String doc, Elementwise.Unary f,
                                java.util.function.LongUnaryOperator fl, ScalarExpr fused, GradRule grad) {
        OpDef.builder("tensor::" + name, name + "(Tensor self) -> Tensor")
                .kernel(a -> Elementwise.unary("tensor::" + name, a[0], f, fl))
                .shape(fl == null ? ShapeRules.SAME_FLOAT : ShapeRules.SAME)
                .grad(grad)
                .traits(PURE, ELEMENTWISE).fused(fused)
                .doc(doc).register(r);
    }

    private static void math(OpRegistry r) {
        unaryOp(r, "neg", "Negation.", x -> -x, x -> -x, neg(A),
                (g, in, out, gy) -> grads(g.neg(gy)));
        unaryOp(r, "abs", "Absolute value; the gradient at 0 is 0.", Math::abs, Math::abs, call(MathFunction.ABS, A),
                (g, in, out, gy) -> grads(g.mul(gy, g.op("tensor::sign", in.get(0)))));
        OpDef.builder("tensor::sign", "sign(Tensor self) -> Tensor")
                .kernel(a -> Elementwise.unary("tensor::sign", a[0], FastMath::signum, Long::signum))
                .shape(ShapeRules.SAME)
                .notDifferentiable("piecewise constant: its gradient is zero wherever it exists")
                .traits(PURE, ELEMENTWISE).fused(call(MathFunction.SIGNUM, A))
                .doc("-1, 0 or 1 by the sign of each element.").register(r);
        unaryOp(r, "exp", "e to the power of each element.", Math::exp, null, call(MathFunction.EXP, A),
                (g, in, out, gy) -> grads(g.mul(gy, out)));
        unaryOp(r, "log", "Natural logarithm.", Math::log, null, call(MathFunction.LOG, A),
                (g, in, out, gy) -> grads(g.div(gy, in.get(0))));
        unaryOp(r, "sqrt", "Square root.", Math::sqrt, null, call(MathFunction.SQRT, A),
                (g, in, out, gy) -> grads(g.div(g.mul(gy, 0.5), out)));
        unaryOp(r, "sin", "Sine.", Math::sin, null, call(MathFunction.SIN, A),
                (g, in, out, gy) -> grads(g.mul(gy, g.op("tensor::cos", in.get(0)))));
        unaryOp(r, "cos", "Cosine.", Math::cos, null, call(MathFunction.COS, A),
                (g, in, out, gy) -> grads(g.neg(g.mul(gy, g.op("tensor::sin", in.get(0))))));
        unaryOp(r, "erf", "The error function (to about an ulp in float64 and float32).", FastMath::erf, null, call(MathFunction.ERF, A),
                // d/dx erf(x) = 2/sqrt(pi) * exp(-x^2)
                (g, in, out, gy) -> grads(g.mul(gy, g.mul(g.op("tensor::exp",
                        g.neg(g.mul(in.get(0), in.get(0)))), 1.1283791670955126))));
    }

    private static void activations(OpRegistry r) {
        unaryOp(r, "tanh", "Hyperbolic tangent (float32 by a rational approximation, error below 1e-7).",
                new Elementwise.Unary() {
                    @Override
                    public double applyAsDouble(double x) {
                        return Math.tanh(x);
                    }

                    @Override
                    public float applyFloat(float x) {
                        return FastMath.tanhViaDouble(x);
                    }
                }, null, call(MathFunction.TANH, A),
                // d tanh = 1 - tanh^2
                (g, in, out, gy) -> grads(g.mul(gy, g.sub(1.0, g.mul(out, out)))));
        unaryOp(r, "sigmoid", "The logistic function 1/(1+exp(-x)).", FastMath::sigmoid, null, call(MathFunction.SIGMOID, A),
                (g, in, out, gy) -> grads(g.mul(gy, g.mul(out, g.sub(1.0, out)))));
        unaryOp(r, "relu", "max(x, 0); NaN stays NaN.", x -> x <= 0 ? 0.0 : x, x -> x > 0 ? x : 0, select(compare(Kind.LE, A, constant(0)), constant(0), A),
                (g, in, out, gy) -> grads(g.mul(gy, g.op("tensor::gt", in.get(0), 0.0))));
        unaryOp(r, "gelu", "Gaussian error linear unit, exact (erf) form.", FastMath::gelu, null, call(MathFunction.GELU, A),
                // d/dx x*Phi(x) = Phi(x) + x*phi(x)
                (g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object cdf = g.mul(g.add(g.op("tensor::erf", g.mul(x, SQRT1_2)), 1.0), 0.5);
                    Object pdf = g.mul(g.op("tensor::exp", g.mul(g.mul(x, x), -0.5)), INV_SQRT_2PI);
                    return grads(g.mul(gy, g.add(cdf, g.mul(x, pdf))));
                });
        OpDef.builder("tensor::leaky_relu", "leakyRelu(Tensor self, float negative_slope=0.01) -> Tensor")
                .kernel(a -> {
                    double s = a.length > 1 ? Args.doubleArg("tensor::leaky_relu", a, 1) : 0.01;
                    return Elementwise.unary("tensor::leaky_relu", a[0], x -> x > 0 ? x : x * s, null);
                })
                .shape(ShapeRules.SAME_FLOAT)
                .grad((g, in, out, gy) -> grads(
                        g.op("tensor::where", g.op("tensor::gt", in.get(0), 0.0), gy, g.mul(gy, in.get(1))), null))
                .traits(PURE, ELEMENTWISE).fused(select(compare(Kind.GT, A, constant(0)), A, mul(A, B)))
                .doc("x where x > 0, else negative_slope * x.").register(r);
        OpDef.builder("tensor::clamp", "clamp(Tensor self, Scalar min, Scalar max) -> Tensor")
                .kernel(a -> clamp("tensor::clamp", a[0], a[1], a[2]))
                .shape(a -> new TensorSpec(ShapeRules.promoted(new TensorSpec(ShapeRules.promoted(a[0], a[1]),
                        ((TensorSpec) a[0]).shape), a[2]), ((TensorSpec) a[0]).shape))
                .grad((g, in, out, gy) -> grads(g.mul(gy, g.mul(g.op("tensor::ge", in.get(0), in.get(1)),
                        g.op("tensor::le", in.get(0), in.get(2)))), null, null))
                .traits(PURE, ELEMENTWISE).fused(call(MathFunction.MIN, C, call(MathFunction.MAX, B, A)))
                .doc("min(max(self, min), max), as PyTorch (min > max gives max everywhere; an int64 tensor with "
                        + "fractional bounds gives float32).").register(r);
        OpDef.builder("tensor::clamp_min", "clampMin(Tensor self, Scalar min) -> Tensor")
                .kernel(a -> clamp("tensor::clamp_min", a[0], a[1], null))
                .shape(a -> new TensorSpec(ShapeRules.promoted(a[0], a[1]), ((TensorSpec) a[0]).shape))
                .grad((g, in, out, gy) -> grads(g.mul(gy, g.op("tensor::ge", in.get(0), in.get(1))), null))
                .traits(PURE, ELEMENTWISE).fused(call(MathFunction.MAX, B, A))
                .doc("max(self, min): clamp with a lower bound only.").register(r);
        OpDef.builder("tensor::clamp_max", "clampMax(Tensor self, Scalar max) -> Tensor")
                .kernel(a -> clamp("tensor::clamp_max", a[0], null, a[1]))
                .shape(a -> new TensorSpec(ShapeRules.promoted(a[0], a[1]), ((TensorSpec) a[0]).shape))
                .grad((g, in, out, gy) -> grads(g.mul(gy, g.op("tensor::le", in.get(0), in.get(1))), null))
                .traits(PURE, ELEMENTWISE).fused(call(MathFunction.MIN, B, A))
                .doc("min(self, max): clamp with an upper bound only.").register(r);
    }

    private static void comparisons(OpRegistry r) {
        comparison(r, "eq", Kind.EQ, (x, y) -> x == y ? 1 : 0, (x, y) -> x == y ? 1 : 0);
        comparison(r, "ne", Kind.NE, (x, y) -> x != y ? 1 : 0, (x, y) -> x != y ? 1 : 0);
        comparison(r, "lt", Kind.LT, (x, y) -> x < y ? 1 : 0, (x, y) -> x < y ? 1 : 0);
        comparison(r, "le", Kind.LE, (x, y) -> x <= y ? 1 : 0, (x, y) -> x <= y ? 1 : 0);
        comparison(r, "gt", Kind.GT, (x, y) -> x > y ? 1 : 0, (x, y) -> x > y ? 1 : 0);
        comparison(r, "ge", Kind.GE, (x, y) -> x >= y ? 1 : 0, (x, y) -> x >= y ? 1 : 0);
    }

    private static void comparison(OpRegistry r, String name, Kind kind, Elementwise.Binary f,
                                java.util.function.LongBinaryOperator fl) {
        OpDef.builder("tensor::" + name, name + "(Tensor|Scalar self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> Elementwise.compare("tensor::" + name, a[0], a[1], f, fl))
                .shape(ShapeRules.broadcastBool("tensor::" + name))
                .notDifferentiable("a comparison has a bool result")
                .traits(PURE, ELEMENTWISE).fused(compare(kind, A, B))
                .doc("Elementwise a " + kind.symbol() + " b, as a bool tensor.").register(r);
    }
}
