package jitbook.ops;

import static jitbook.ops.OpSamples.a;
import static jitbook.ops.OpSamples.expect;
import static jitbook.ops.OpSamples.expectWithin;
import static jitbook.ops.Ref.bools;
import static jitbook.ops.Ref.f32;
import static jitbook.ops.Ref.f64;
import static jitbook.ops.Ref.ints;
import static jitbook.ops.Ref.uniform;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Samples for ElementwiseOps: broadcasting, scalar operands and dtype promotion, with oracles. */
final class ElementwiseSamples {
    private ElementwiseSamples() {
    }

    static final DType F = DType.FLOAT32;
    static final DType D = DType.FLOAT64;
    static final DType L = DType.INT64;
    static final DType B = DType.BOOL;

    private static void bin(OpSamples s, String name, DoubleBinaryOperator f, boolean ints) {
        String op = "tensor::" + name;
        s.add(op, "f32 same shape", expect(x -> Ref.binary(x[0], x[1], F, f)), f32(2, 3), f32(2, 3));
        s.add(op, "f32 broadcast [2,3]x[3]", expect(x -> Ref.binary(x[0], x[1], F, f)), f32(2, 3), f32(3));
        s.add(op, "f64 broadcast [2,1]x[1,3]", expect(x -> Ref.binary(x[0], x[1], D, f)), f64(2, 1), f64(1, 3));
        s.add(op, "f32 with a Double", expect(x -> Ref.binary(x[0], x[1], F, f)), f32(2, 3), 2.5);
        s.add(op, "0-d f64 does not promote f32", expect(x -> Ref.binary(x[0], x[1], F, f)), f32(3), f64());
        if (ints) {
            s.add(op, "int64 x int64", expect(x -> Ref.binary(x[0], x[1], L, f)), ints(-5, 5, 2, 3), ints(1, 4, 3));
            s.add(op, "int64 with a Double gives f32", expect(x -> Ref.binary(x[0], x[1], F, f)), ints(-5, 5, 4), 1.5);
        }
    }

    private static void un(OpSamples s, String name, DoubleUnaryOperator f, NdArray f32In, NdArray f64In) {
        String op = "tensor::" + name;
        s.add(op, "f32", expect(x -> Ref.unary(a(x, 0), F, f)), f32In);
        s.add(op, "f64", expect(x -> Ref.unary(a(x, 0), D, f)), f64In);
    }

    static void add(OpSamples s) {
        bin(s, "add", (p, q) -> p + q, true);
        s.add("tensor::add", "bool + bool is their or (bool)", expect(x -> Ref.binary(x[0], x[1], DType.BOOL,
                (p, q) -> p + q != 0 ? 1 : 0)), bools(4), bools(4));
        bin(s, "sub", (p, q) -> p - q, true);
        bin(s, "mul", (p, q) -> p * q, true);
        s.add("tensor::div", "f32 broadcast", expect(x -> Ref.binary(x[0], x[1], F, (p, q) -> p / q)),
                f32(2, 3), uniform(F, 0.5, 2, 3));
        s.add("tensor::div", "f64", expect(x -> Ref.binary(x[0], x[1], D, (p, q) -> p / q)),
                f64(2, 3), uniform(D, 0.5, 2, 2, 1));
        s.add("tensor::div", "int64 / int64 gives f32", expect(x -> Ref.binary(x[0], x[1], F, (p, q) -> p / q)),
                ints(-9, 9, 4), ints(1, 4, 4));
        s.add("tensor::div", "Double / tensor", expect(x -> Ref.binary(x[0], x[1], F, (p, q) -> p / q)),
                1.5, uniform(F, 0.5, 2, 3));
        s.add("tensor::pow", "positive base, tensor exponent", expect(x -> Ref.binary(x[0], x[1], F, Math::pow)),
                uniform(F, 0.5, 2, 2, 3), uniform(F, -1, 2, 3));
        s.add("tensor::pow", "f64 squared", expect(x -> Ref.binary(x[0], x[1], D, Math::pow)), f64(2, 3), 2.0);
        s.add("tensor::pow", "int64 ^ int64", expect(x -> Ref.binary(x[0], x[1], L, Math::pow)), ints(-3, 4, 5), ints(0, 4, 5));
        s.add("tensor::maximum", "f32 broadcast", expect(x -> Ref.binary(x[0], x[1], F, Math::max)), f32(2, 3), f32(3));
        s.add("tensor::maximum", "f64 and a Double", expect(x -> Ref.binary(x[0], x[1], D, Math::max)), f64(2, 3), 0.1);
        s.add("tensor::maximum", "int64", expect(x -> Ref.binary(x[0], x[1], L, Math::max)), ints(-5, 5, 6), ints(-5, 5, 6));
        s.add("tensor::minimum", "f32 broadcast", expect(x -> Ref.binary(x[0], x[1], F, Math::min)), f32(2, 1), f32(1, 3));
        s.add("tensor::minimum", "f64", expect(x -> Ref.binary(x[0], x[1], D, Math::min)), f64(2, 3), f64(2, 3));
        s.add("tensor::where", "bool condition broadcast", expect(x -> Ref.build(F, Ref.bshape(a(x, 0).shape(),
                Ref.bshape(a(x, 1).shape(), a(x, 2).shape())), i -> Ref.atB(a(x, 0), i) != 0 ? Ref.atB(a(x, 1), i)
                : Ref.atB(a(x, 2), i))), bools(2, 3), f32(2, 3), f32(3));
        s.add("tensor::where", "f64 with a scalar branch", expect(x -> Ref.build(D, a(x, 2).shape(),
                i -> Ref.atB(a(x, 0), i) != 0 ? 0.5 : Ref.atB(a(x, 2), i))), bools(2, 1), 0.5, f64(2, 3));

        un(s, "neg", v -> -v, f32(2, 3), f64(4));
        s.add("tensor::neg", "int64 stays int64", expect(x -> Ref.unary(a(x, 0), L, v -> -v)), ints(-5, 5, 4));
        un(s, "abs", Math::abs, f32(2, 3), f64(4));
        s.add("tensor::abs", "int64", expect(x -> Ref.unary(a(x, 0), L, Math::abs)), ints(-5, 5, 4));
        un(s, "sign", Math::signum, f32(2, 3), f64(4));
        s.add("tensor::sign", "int64 with zeros", expect(x -> Ref.unary(a(x, 0), L, Math::signum)), ints(-2, 3, 8));
        un(s, "exp", Math::exp, f32(2, 3), f64(4));
        s.add("tensor::exp", "int64 gives f32", expect(x -> Ref.unary(a(x, 0), F, Math::exp)), ints(-3, 3, 4));
        un(s, "log", Math::log, uniform(F, 0.2, 3, 2, 3), uniform(D, 0.2, 3, 4));
        un(s, "sqrt", Math::sqrt, uniform(F, 0.2, 3, 2, 3), uniform(D, 0.2, 3, 4));
        un(s, "sin", Math::sin, f32(2, 3), f64(4));
        un(s, "cos", Math::cos, f32(2, 3), f64(4));
        // FastMath.erf is documented to 1.2e-7 (FastMathTest), also in float64.
        s.add("tensor::erf", "f32", expectWithin(2e-7, x -> Ref.unary(a(x, 0), F, Ref::erf)), f32(2, 3));
        s.add("tensor::erf", "f64", expectWithin(1.2e-7, x -> Ref.unary(a(x, 0), D, Ref::erf)), f64(5));
        un(s, "tanh", Math::tanh, uniform(F, -6, 6, 3, 5), f64(4));
        un(s, "sigmoid", v -> 1 / (1 + Math.exp(-v)), f32(2, 3), f64(4));
        un(s, "relu", v -> Math.max(v, 0), f32(2, 3), f64(4));
        s.add("tensor::relu", "int64", expect(x -> Ref.unary(a(x, 0), L, v -> Math.max(v, 0))), ints(-5, 5, 6));
        s.add("tensor::gelu", "f32", expectWithin(2e-7, x -> Ref.unary(a(x, 0), F, v -> 0.5 * v * (1 + Ref.erf(v / Math.sqrt(2))))),
                f32(2, 3));
        s.add("tensor::gelu", "f64", expectWithin(2e-7, x -> Ref.unary(a(x, 0), D, v -> 0.5 * v * (1 + Ref.erf(v / Math.sqrt(2))))),
                f64(4));
        s.add("tensor::leaky_relu", "default slope", expect(x -> Ref.unary(a(x, 0), F, v -> v > 0 ? v : 0.01 * v)), f32(2, 3));
        s.add("tensor::leaky_relu", "f64 slope 0.2", expect(x -> Ref.unary(a(x, 0), D, v -> v > 0 ? v : 0.2 * v)), f64(2, 3), 0.2);
        s.add("tensor::clamp", "f32", expect(x -> Ref.unary(a(x, 0), F, v -> Math.min(0.7, Math.max(-0.5, v)))),
                f32(3, 4), -0.5, 0.7);
        s.add("tensor::clamp", "int64", expect(x -> Ref.unary(a(x, 0), L, v -> Math.min(3, Math.max(-2, v)))),
                ints(-5, 5, 6), -2L, 3L);
        s.add("tensor::clamp", "int64 with fractional bounds gives float32", expect(x -> Ref.unary(a(x, 0), F,
                v -> Math.min(3.5, Math.max(-2.5, v)))), ints(-5, 5, 6), -2.5, 3.5);
        s.add("tensor::clamp", "min above max gives max", expect(x -> Ref.unary(a(x, 0), F, v -> -1.0)), f32(3), 1.0, -1.0);
        s.add("tensor::clamp_min", "f32", expect(x -> Ref.unary(a(x, 0), F, v -> Math.max(-0.5, v))), f32(3, 4), -0.5);
        s.add("tensor::clamp_min", "int64", expect(x -> Ref.unary(a(x, 0), L, v -> Math.max(1, v))), ints(-5, 5, 6), 1L);
        s.add("tensor::clamp_max", "f64", expect(x -> Ref.unary(a(x, 0), D, v -> Math.min(0.25, v))), f64(3, 4), 0.25);

        String[] cmp = {"eq", "ne", "lt", "le", "gt", "ge"};
        DoubleBinaryOperator[] fs = {(p, q) -> p == q ? 1 : 0, (p, q) -> p != q ? 1 : 0, (p, q) -> p < q ? 1 : 0,
            (p, q) -> p <= q ? 1 : 0, (p, q) -> p > q ? 1 : 0, (p, q) -> p >= q ? 1 : 0};
        for (int k = 0; k < cmp.length; k++) {
            DoubleBinaryOperator f = fs[k];
            String op = "tensor::" + cmp[k];
            s.add(op, "int64 broadcast (with ties)", expect(x -> Ref.binary(x[0], x[1], B, f)), ints(0, 3, 3, 4), ints(0, 3, 4));
            s.add(op, "f32 with a Double", expect(x -> Ref.binary(x[0], x[1], B, f)), f32(2, 3), 0.0);
        }
    }
}
