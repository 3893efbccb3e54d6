package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.OpTrait.SCALAR;

import java.util.function.DoubleUnaryOperator;

/**
 * {@code java.lang.Math} on Java numbers, for scripted code ({@code Math.sqrt(n)} lowers to
 * {@code scalar::sqrt}). Results follow Java: {@code abs}, {@code max}, {@code min} keep ints
 * integral; the rest are doubles.
 */
final class ScalarMathOps {
    private ScalarMathOps() {
    }

    private static final String SCALARS = "operates on Java scalars, which carry no gradient";

    static void register(OpRegistry r) {
        unary(r, "sqrt", Math::sqrt);
        unary(r, "exp", Math::exp);
        unary(r, "log", Math::log);
        unary(r, "sin", Math::sin);
        unary(r, "cos", Math::cos);
        unary(r, "tanh", Math::tanh);
        unary(r, "floor", Math::floor);
        unary(r, "ceil", Math::ceil);
        scalar(r, "abs", "abs(Scalar a) -> Scalar", "Math.abs.", a -> {
            Object v = ScalarOps.num("scalar::abs", a, 0);
            return v instanceof Long ? (Object) Math.abs((Long) v) : (Object) Math.abs((Double) v);
        });
        scalar(r, "max", "max(Scalar a, Scalar b) -> Scalar", "Math.max.", a -> pick(a, true));
        scalar(r, "min", "min(Scalar a, Scalar b) -> Scalar", "Math.min.", a -> pick(a, false));
        scalar(r, "pow", "pow(Scalar a, Scalar b) -> float", "Math.pow.",
                a -> Math.pow(((Number) ScalarOps.num("scalar::pow", a, 0)).doubleValue(),
                        ((Number) ScalarOps.num("scalar::pow", a, 1)).doubleValue()));
    }

    private static Object pick(Object[] a, boolean max) {
        String op = max ? "scalar::max" : "scalar::min";
        Object x = ScalarOps.num(op, a, 0);
        Object y = ScalarOps.num(op, a, 1);
        if (x instanceof Long && y instanceof Long) {
            return max ? Math.max((Long) x, (Long) y) : Math.min((Long) x, (Long) y);
        }
        double p = ((Number) x).doubleValue();
        double q = ((Number) y).doubleValue();
        return max ? Math.max(p, q) : Math.min(p, q);
    }

    private static void unary(OpRegistry r, String name, DoubleUnaryOperator f) {
        scalar(r, name, name + "(Scalar a) -> float", "Math." + name + ".",
                a -> f.applyAsDouble(((Number) ScalarOps.num("scalar::" + name, a, 0)).doubleValue()));
    }

    private static void scalar(OpRegistry r, String name, String schema, String doc, Kernel k) {
        OpDef.builder("scalar::" + name, schema).kernel(k).notDifferentiable(SCALARS).traits(PURE, SCALAR).doc(doc).register(r);
    }
}
