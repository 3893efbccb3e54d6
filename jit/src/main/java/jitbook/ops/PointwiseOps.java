package jitbook.ops;

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
import static jitbook.ops.ScalarExpr.select;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.LongUnaryOperator;

import jitbook.ops.ScalarExpr.Kind;

/**
 * The rest of PyTorch's pointwise ops: rounding, {@code log1p}/{@code expm1}, reciprocals,
 * {@code remainder}/{@code floorDivide} (Python's floor semantics), the activations softplus,
 * silu, elu, mish and hardtanh, the predicates isnan/isinf/isfinite and the logical ops.
 * Arithmetic ones carry a fused expression; bool-valued ones do not (fused kernels compute floats).
 */
final class PointwiseOps {
    private PointwiseOps() {
    }

    private static final double GELU_K = 0.7978845608028654; // sqrt(2 / pi)
    private static final double GELU_C = 0.044715;

    static void register(OpRegistry r) {
        rounding(r);
        math(r);
        activations(r);
        predicates(r);
    }

    private static List<Object> grads(Object... g) {
        return Arrays.asList(g);
    }

    private static void unary(OpRegistry r, String name, String method, String doc, Elementwise.Unary f,
                              LongUnaryOperator fl, ScalarExpr fused, GradRule grad) {
        OpDef.Builder b = OpDef.builder("tensor::" + name, method + "(Tensor self) -> Tensor")
                .kernel(a -> Elementwise.unary("tensor::" + name, a[0], f, fl))
                .shape(fl == null ? ShapeRules.SAME_FLOAT : ShapeRules.SAME)
                .traits(PURE, ELEMENTWISE).fused(fused).doc(doc);
        if (grad == null) b.notDifferentiable("piecewise constant: its gradient is zero wherever it exists");
        else b.grad(grad);
        b.register(r);
    }

    private static void rounding(OpRegistry r) {
        // integer tensors pass through unchanged, as in PyTorch
        unary(r, "floor", "floor", "The largest integer not above each element.", Math::floor, x -> x,
                call(MathFunction.FLOOR, A), null);
        unary(r, "ceil", "ceil", "The smallest integer not below each element.", Math::ceil, x -> x,
                call(MathFunction.CEIL, A), null);
        unary(r, "round", "round", "Rounds to the nearest integer, halves to even (as PyTorch).", Math::rint, x -> x,
                call(MathFunction.RINT, A), null);
        binary(r, "remainder", "remainder", "Python's modulus: a - floor(a / b) * b, with the sign of b.",
                (x, y) -> FastMath.remainder(x, y), PointwiseOps::floorMod,
                call(MathFunction.REMAINDER, A, B),
                (g, in, out, gy) -> grads(
                        g.isFloatingTensor(in.get(0)) ? g.sumTo(gy, in.get(0)) : null,
                        g.isFloatingTensor(in.get(1)) ? g.sumTo(g.neg(g.mul(gy, g.op("tensor::floor",
                                g.div(in.get(0), in.get(1))))), in.get(1)) : null));
        binary(r, "floor_divide", "floorDivide", "floor(a / b): Python's // (integer tensors give int64).",
                new Elementwise.Binary() {
                    @Override
                    public double applyAsDouble(double x, double y) {
                        return Math.floor(x / y);
                    }

                    @Override
                    public float applyFloat(float x, float y) {
                        return (float) Math.floor(x / y); // the float quotient, as the fused form divides
                    }
                }, PointwiseOps::floorDiv, call(MathFunction.FLOOR, div(A, B)), null);
    }

    private static void binary(OpRegistry r, String name, String method, String doc, Elementwise.Binary f,
                               java.util.function.LongBinaryOperator fl, ScalarExpr fused, GradRule grad) {
        String op = "tensor::" + name;
        OpDef.Builder b = OpDef.builder(op, method + "(Tensor|Scalar self, Tensor|Scalar other) -> Tensor")
                .kernel(a -> {
                    Elementwise.checkOperand(op, a[0], 0);
                    Elementwise.checkOperand(op, a[1], 1);
                    if (Elementwise.isBool(a[0]) && Elementwise.isBool(a[1])) {
                        throw new OpException(op, "is not defined for two bool operands");
                    }
                    return Elementwise.binary(op, a[0], a[1], f, fl);
                })
                .shape(ShapeRules.broadcast(op))
                .traits(PURE, ELEMENTWISE).fused(fused).doc(doc);
        if (grad == null) b.notDifferentiable("piecewise constant: its gradient is zero wherever it exists");
        else b.grad(grad);
        b.register(r);
    }

    private static long floorMod(long x, long y) {
        if (y == 0) throw new OpException("tensor::remainder", "integer division by zero");
        return Math.floorMod(x, y);
    }

    private static long floorDiv(long x, long y) {
        if (y == 0) throw new OpException("tensor::floor_divide", "integer division by zero");
        return Math.floorDiv(x, y);
    }

    private static void math(OpRegistry r) {
        unary(r, "log1p", "log1p", "log(1 + x), accurate for small x.", Math::log1p, null, call(MathFunction.LOG1P, A),
                (g, in, out, gy) -> grads(g.div(gy, g.add(in.get(0), 1.0))));
        unary(r, "expm1", "expm1", "exp(x) - 1, accurate for small x.", Math::expm1, null, call(MathFunction.EXPM1, A),
                (g, in, out, gy) -> grads(g.mul(gy, g.add(out, 1.0))));
        unary(r, "rsqrt", "rsqrt", "1 / sqrt(x).", x -> 1.0 / Math.sqrt(x), null, div(constant(1), call(MathFunction.SQRT, A)),
                // d x^-1/2 = -1/2 x^-3/2 = -1/2 out^3
                (g, in, out, gy) -> grads(g.mul(gy, g.mul(g.mul(out, g.mul(out, out)), -0.5))));
        unary(r, "reciprocal", "reciprocal", "1 / x (integer tensors give float32).", x -> 1.0 / x, null, div(constant(1), A),
                (g, in, out, gy) -> grads(g.neg(g.mul(gy, g.mul(out, out)))));
    }

    private static void activations(OpRegistry r) {
        // softplus(x) = log1p(exp(beta x)) / beta, and x itself where beta x > threshold (PyTorch's defaults 1, 20)
        OpDef.builder("tensor::softplus", "softplus(Tensor self, float beta=1.0, float threshold=20.0) -> Tensor")
                .kernel(a -> {
                    double beta = Args.doubleArg("tensor::softplus", a, 1);
                    double th = Args.doubleArg("tensor::softplus", a, 2);
                    return Elementwise.unary("tensor::softplus", a[0], x -> x * beta > th ? x : Math.log1p(Math.exp(x * beta)) / beta, null);
                })
                .shape(ShapeRules.SAME_FLOAT)
                .grad((g, in, out, gy) -> {
                    Object bx = g.mul(in.get(0), in.get(1));
                    return grads(g.op("tensor::where", g.op("tensor::gt", bx, in.get(2)), gy,
                            g.mul(gy, g.op("tensor::sigmoid", bx))), null, null);
                })
                .traits(PURE, ELEMENTWISE)
                .fused(select(compare(Kind.GT, mul(A, B), C), A,
                        div(call(MathFunction.LOG1P, call(MathFunction.EXP, mul(A, B))), B)))
                .doc("log(1 + exp(beta x)) / beta; x where beta x > threshold.").register(r);
        unary(r, "silu", "silu", "x * sigmoid(x) (swish).", x -> x * FastMath.sigmoid(x), null,
                mul(A, call(MathFunction.SIGMOID, A)),
                (g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object s = g.op("tensor::sigmoid", x);
                    return grads(g.mul(gy, g.mul(s, g.add(g.mul(x, g.sub(1.0, s)), 1.0))));
                });
        unary(r, "mish", "mish", "x * tanh(softplus(x)).", x -> x * Math.tanh(x > 20 ? x : Math.log1p(Math.exp(x))), null,
                mul(A, call(MathFunction.TANH, select(compare(Kind.GT, A, constant(20)), A,
                        call(MathFunction.LOG1P, call(MathFunction.EXP, A))))),
                (g, in, out, gy) -> {
                    // d mish = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2), sp = softplus(x)
                    Object x = in.get(0);
                    Object t = g.op("tensor::tanh", g.op("tensor::softplus", x, 1.0, 20.0));
                    Object d = g.add(t, g.mul(g.mul(x, g.op("tensor::sigmoid", x)), g.sub(1.0, g.mul(t, t))));
                    return grads(g.mul(gy, d));
                });
        // gelu(approximate="tanh"): 0.5 x (1 + tanh(k (x + 0.044715 x^3))), k = sqrt(2 / pi)
        unary(r, "gelu_tanh", "geluTanh", "GELU's tanh approximation, as PyTorch's gelu(approximate=\"tanh\").",
                x -> 0.5 * x * (1 + Math.tanh(GELU_K * (x + GELU_C * (x * (x * x))))), null, // in the fused form's order
                mul(mul(constant(0.5), A), add(constant(1), call(MathFunction.TANH,
                        mul(constant(GELU_K), add(A, mul(constant(GELU_C), mul(A, mul(A, A)))))))),
                (g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object x2 = g.mul(x, x);
                    Object t = g.op("tensor::tanh", g.mul(g.add(x, g.mul(g.mul(x2, x), GELU_C)), GELU_K));
                    // d = 0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 c x^2)
                    Object left = g.mul(g.add(t, 1.0), 0.5);
                    Object right = g.mul(g.mul(g.mul(x, 0.5 * GELU_K), g.sub(1.0, g.mul(t, t))), g.add(g.mul(x2, 3 * GELU_C), 1.0));
                    return grads(g.mul(gy, g.add(left, right)));
                });
        OpDef.builder("tensor::elu", "elu(Tensor self, float alpha=1.0) -> Tensor")
                .kernel(a -> {
                    double alpha = Args.doubleArg("tensor::elu", a, 1);
                    return Elementwise.unary("tensor::elu", a[0], x -> x > 0 ? x : alpha * Math.expm1(x), null);
                })
                .shape(ShapeRules.SAME_FLOAT)
                // d elu = 1 where x > 0, else alpha exp(x) = out + alpha
                .grad((g, in, out, gy) -> grads(g.op("tensor::where", g.op("tensor::gt", in.get(0), 0.0), gy,
                        g.mul(gy, g.add(out, in.get(1)))), null))
                .traits(PURE, ELEMENTWISE)
                .fused(select(compare(Kind.GT, A, constant(0)), A, mul(B, call(MathFunction.EXPM1, A))))
                .doc("x where x > 0, else alpha (exp(x) - 1).").register(r);
        OpDef.builder("tensor::hardtanh", "hardtanh(Tensor self, float min_val=-1.0, float max_val=1.0) -> Tensor")
                .kernel(a -> {
                    double lo = Args.doubleArg("tensor::hardtanh", a, 1);
                    double hi = Args.doubleArg("tensor::hardtanh", a, 2);
                    return Elementwise.unary("tensor::hardtanh", a[0], x -> Math.min(hi, Math.max(lo, x)), null);
                })
                .shape(ShapeRules.SAME_FLOAT)
                // PyTorch passes the gradient strictly inside (min_val, max_val)
                .grad((g, in, out, gy) -> grads(g.mul(gy, g.mul(g.op("tensor::gt", in.get(0), in.get(1)),
                        g.op("tensor::lt", in.get(0), in.get(2)))), null, null))
                .traits(PURE, ELEMENTWISE).fused(call(MathFunction.MIN, C, call(MathFunction.MAX, B, A)))
                .doc("Clamps to [min_val, max_val] (default [-1, 1]).").register(r);
    }

    private static void predicates(OpRegistry r) {
        predicate(r, "isnan", "isnan", "True where an element is NaN.", x -> x != x);
        predicate(r, "isinf", "isinf", "True where an element is +inf or -inf.", Double::isInfinite);
        predicate(r, "isfinite", "isfinite", "True where an element is neither NaN nor infinite.", Double::isFinite);
        predicate(r, "logical_not", "logicalNot", "True where an element is zero (false).", x -> x == 0);
        logical(r, "logical_and", "logicalAnd", "True where both are nonzero.", (x, y) -> x != 0 && y != 0);
        logical(r, "logical_or", "logicalOr", "True where either is nonzero.", (x, y) -> x != 0 || y != 0);
        logical(r, "logical_xor", "logicalXor", "True where exactly one is nonzero.", (x, y) -> (x != 0) != (y != 0));
    }

    private static void predicate(OpRegistry r, String name, String method, String doc, DoublePredicate p) {
        String op = "tensor::" + name;
        OpDef.builder(op, method + "(Tensor self) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(op, a, 0);
                    NdArray out = NdArray.zeros(DType.BOOL, x.shape());
                    boolean[] o = out.bools();
                    // integers are finite and never NaN; read them as doubles (exact for the zero test)
                    for (int i = 0; i < o.length; i++) o[i] = p.test(x.getDouble(i));
                    return out;
                })
                .shape(a -> new TensorSpec(DType.BOOL, ((TensorSpec) a[0]).shape))
                .notDifferentiable("a predicate has a bool result")
                .traits(PURE, ELEMENTWISE).doc(doc).register(r);
    }

    interface BoolOf2 {
        boolean test(double x, double y);
    }

    private static void logical(OpRegistry r, String name, String method, String doc, BoolOf2 p) {
        String op = "tensor::" + name;
        OpDef.builder(op, method + "(Tensor self, Tensor other) -> Tensor")
                .kernel(a -> Elementwise.compare(op, Args.array(op, a, 0), Args.array(op, a, 1),
                        (x, y) -> p.test(x, y) ? 1 : 0, (x, y) -> p.test(x, y) ? 1 : 0))
                .shape(ShapeRules.broadcastBool(op))
                .notDifferentiable("a logical op has a bool result")
                .traits(PURE, ELEMENTWISE).doc(doc).register(r);
    }
}
