package jitbook.ops;

import static jitbook.ops.OpSamples.a;
import static jitbook.ops.OpSamples.expect;
import static jitbook.ops.Ref.bools;
import static jitbook.ops.Ref.f32;
import static jitbook.ops.Ref.f64;
import static jitbook.ops.Ref.ints;
import static jitbook.ops.Ref.uniform;

import java.util.function.DoubleUnaryOperator;

/**
 * Samples for PointwiseOps, with oracles from {@code Math}: what the registry-generated kernel,
 * shape-rule and gradient tests walk (the PyTorch fixtures cover the edge cases).
 */
final class PointwiseSamples {
    private PointwiseSamples() {
    }

    private static final DType F = DType.FLOAT32;
    private static final DType D = DType.FLOAT64;
    private static final DType B = DType.BOOL;

    private static void unary(OpSamples s, String name, DoubleUnaryOperator f, NdArray x) {
        s.add("tensor::" + name, x.dtype().irName(), expect(v -> Ref.unary(a(v, 0), x.dtype(), f)), x);
    }

    static void add(OpSamples s) {
        // rounding ops are kept off integers and halves, where finite differences are meaningless
        s.addNoGrad("tensor::floor", "f32", expect(v -> Ref.unary(a(v, 0), F, Math::floor)), f32(2, 3));
        s.addNoGrad("tensor::ceil", "f64", expect(v -> Ref.unary(a(v, 0), D, Math::ceil)), f64(2, 3));
        s.addNoGrad("tensor::round", "f32", expect(v -> Ref.unary(a(v, 0), F, Math::rint)), f32(2, 3));
        s.addNoGrad("tensor::floor", "int64 unchanged", expect(v -> a(v, 0)), ints(-5, 5, 4));
        unary(s, "log1p", Math::log1p, uniform(D, 0.1, 3, 2, 3));
        unary(s, "expm1", Math::expm1, f64(2, 3));
        unary(s, "rsqrt", x -> 1 / Math.sqrt(x), uniform(D, 0.5, 3, 2, 3));
        unary(s, "reciprocal", x -> 1 / x, uniform(F, 0.5, 3, 2, 3));
        unary(s, "silu", x -> x / (1 + Math.exp(-x)), f64(2, 3));
        unary(s, "mish", x -> x * Math.tanh(Math.log1p(Math.exp(x))), f64(2, 3));
        unary(s, "gelu_tanh", x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), f64(2, 3));
        s.add("tensor::softplus", "beta 2 threshold 3", expect(v -> Ref.unary(a(v, 0), D,
                x -> 2 * x > 3 ? x : Math.log1p(Math.exp(2 * x)) / 2)), uniform(D, -2, 1, 2, 3), 2.0, 3.0);
        s.add("tensor::elu", "alpha 0.5", expect(v -> Ref.unary(a(v, 0), D, x -> x > 0 ? x : 0.5 * Math.expm1(x))), f64(2, 3), 0.5);
        s.add("tensor::hardtanh", "[-0.5, 0.7]", expect(v -> Ref.unary(a(v, 0), F, x -> Math.min(0.7, Math.max(-0.5, x)))),
                f32(2, 3), -0.5, 0.7);
        s.add("tensor::remainder", "f64 broadcast", expect(v -> Ref.binary(v[0], v[1], D, (x, y) -> x - Math.floor(x / y) * y)),
                uniform(D, -3, 3, 2, 3), uniform(D, 0.7, 1.3, 3));
        s.add("tensor::remainder", "int64", expect(v -> Ref.binary(v[0], v[1], DType.INT64, (x, y) -> Math.floorMod((long) x, (long) y))),
                ints(-9, 9, 5), ints(1, 4, 5));
        s.add("tensor::floor_divide", "f32", expect(v -> Ref.binary(v[0], v[1], F, (x, y) -> Math.floor(x / y))),
                uniform(F, -3, 3, 2, 3), uniform(F, 0.7, 1.3, 3));
        s.add("tensor::isnan", "f32", expect(v -> Ref.unary(a(v, 0), B, x -> Double.isNaN(x) ? 1 : 0)), f32(2, 3));
        s.add("tensor::isinf", "f64", expect(v -> Ref.unary(a(v, 0), B, x -> Double.isInfinite(x) ? 1 : 0)), f64(2, 3));
        s.add("tensor::isfinite", "f64", expect(v -> Ref.unary(a(v, 0), B, x -> Double.isFinite(x) ? 1 : 0)), f64(2, 3));
        s.add("tensor::logical_not", "bool", expect(v -> Ref.unary(a(v, 0), B, x -> x == 0 ? 1 : 0)), bools(2, 3));
        s.add("tensor::logical_and", "bool broadcast", expect(v -> Ref.binary(v[0], v[1], B, (x, y) -> x != 0 && y != 0 ? 1 : 0)),
                bools(2, 3), bools(3));
        s.add("tensor::logical_or", "int64 with bool", expect(v -> Ref.binary(v[0], v[1], B, (x, y) -> x != 0 || y != 0 ? 1 : 0)),
                ints(-1, 2, 2, 3), bools(3));
        s.add("tensor::logical_xor", "f32", expect(v -> Ref.binary(v[0], v[1], B, (x, y) -> (x != 0) != (y != 0) ? 1 : 0)),
                f32(2, 3), bools(2, 3));
    }
}
