package jitbook.ops;

import static jitbook.ops.OpTrait.MAY_THROW;
import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.OpTrait.SCALAR;

import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Arithmetic, comparisons and logic on Java scalars (Long for int, Double for float, Boolean),
 * for the script compiler and for gradient rules, plus the tensor-to-scalar queries numel, size
 * and item (tensor::dim is in ShapeQueryOps). int op int stays int with Java's semantics (64-bit
 * wrap-around, division truncating toward zero); a float on either side makes the result float;
 * a bool counts as 0 or 1.
 */
final class ScalarOps {
    private ScalarOps() {
    }

    private static final String SCALARS = "operates on Java scalars, which carry no gradient";

    static void register(OpRegistry r) {
        arith(r, "add", (x, y) -> x + y, (x, y) -> x + y);
        arith(r, "sub", (x, y) -> x - y, (x, y) -> x - y);
        arith(r, "mul", (x, y) -> x * y, (x, y) -> x * y);
        arith(r, "div", (x, y) -> x / y, (x, y) -> x / y);
        arith(r, "mod", (x, y) -> x % y, (x, y) -> x % y);
        scalar(r, "neg", "neg(Scalar a) -> Scalar", "Negation.", a -> {
            Object v = num("scalar::neg", a, 0);
            return v instanceof Long ? (Object) (-(Long) v) : (Object) (-(Double) v);
        });
        compare(r, "lt", "<", c -> c < 0);
        compare(r, "le", "<=", c -> c <= 0);
        compare(r, "gt", ">", c -> c > 0);
        compare(r, "ge", ">=", c -> c >= 0);
        scalar(r, "eq", "eq(Any a, Any b) -> bool", "a == b (numbers by value, as Java's ==; other values by equals).",
                a -> equal(a[0], a[1]));
        scalar(r, "ne", "ne(Any a, Any b) -> bool", "a != b.", a -> !equal(a[0], a[1]));
        scalar(r, "and", "and(bool a, bool b) -> bool", "Logical and.",
                a -> Args.boolArg("scalar::and", a, 0) && Args.boolArg("scalar::and", a, 1));
        scalar(r, "or", "or(bool a, bool b) -> bool", "Logical or.",
                a -> Args.boolArg("scalar::or", a, 0) || Args.boolArg("scalar::or", a, 1));
        scalar(r, "not", "not(bool a) -> bool", "Logical not.", a -> !Args.boolArg("scalar::not", a, 0));
        // Java's conversions depend on the target's width, which is the type the node declares for its
        // result: the interpreter's conversion to that type (RuntimeTypes.coerce) rounds or narrows
        // once, as Java's cast does. So these kernels give the exact value, as a Long or Double
        // when that box holds it exactly, else in the box that keeps it exact.
        scalar(r, "to_float", "toFloat(Scalar a) -> float",
                "The number as a floating value (a long that a double cannot hold exactly stays exact, for the result's width to round once).",
                a -> {
                    Object v = num("scalar::to_float", a, 0);
                    if (v instanceof Double) return v;
                    long l = (Long) v;
                    double d = l;
                    return (long) d == l && d != 0x1p63 ? (Object) d : (Object) l;
                });
        scalar(r, "to_int", "toInt(Scalar a) -> int",
                "The number truncated toward zero; beyond the int range a floating value stays floating, for the result's width to saturate as Java's cast does (NaN is 0).",
                a -> {
                    Object v = num("scalar::to_int", a, 0);
                    if (v instanceof Long) return v;
                    double d = (Double) v;
                    if (Double.isNaN(d)) return 0L;
                    double t = d < 0 ? Math.ceil(d) : Math.floor(d);
                    return t >= Integer.MIN_VALUE && t <= Integer.MAX_VALUE ? (Object) (long) t : (Object) t;
                });
        queries(r);
    }

    private static void scalar(OpRegistry r, String name, String schema, String doc, Kernel k, OpTrait... more) {
        OpDef.builder("scalar::" + name, schema).kernel(k).notDifferentiable(SCALARS).traits(PURE, SCALAR).traits(more).doc(doc).register(r);
    }

    /** A numeric argument as Long or Double (bools count as 0/1, other integral boxes widen to Long). */
    static Object num(String op, Object[] a, int i) {
        Object v = a[i];
        if (v instanceof Boolean) return (Boolean) v ? 1L : 0L;
        if (v instanceof Double || v instanceof Float) return ((Number) v).doubleValue();
        if (v instanceof Number) return ((Number) v).longValue();
        throw new OpException(op, "argument " + i + " must be a number, got " + Args.describe(v));
    }

    private static void arith(OpRegistry r, String name, DoubleBinaryOperator f, LongBinaryOperator fl) {
        String op = "scalar::" + name;
        boolean divides = name.equals("div") || name.equals("mod");
        OpTrait[] more = divides ? new OpTrait[] {MAY_THROW} : new OpTrait[0];
        scalar(r, name, name + "(Scalar a, Scalar b) -> Scalar", "a " + name + " b on Java numbers (int if both are ints).", a -> {
            Object x = num(op, a, 0);
            Object y = num(op, a, 1);
            if (x instanceof Long && y instanceof Long) {
                if (divides && (Long) y == 0) {
                    throw new OpException(op, "integer division by zero (" + x + " " + name + " 0)");
                }
                return fl.applyAsLong((Long) x, (Long) y);
            }
            return f.applyAsDouble(((Number) x).doubleValue(), ((Number) y).doubleValue());
        }, more);
    }

    private interface Test {
        boolean of(int comparison);
    }

    private static void compare(OpRegistry r, String name, String javaOp, Test t) {
        String op = "scalar::" + name;
        scalar(r, name, name + "(Scalar a, Scalar b) -> bool", "a " + javaOp + " b.", a -> {
            Object x = num(op, a, 0);
            Object y = num(op, a, 1);
            if (x instanceof Long && y instanceof Long) return t.of(Long.compare((Long) x, (Long) y));
            double p = ((Number) x).doubleValue();
            double q = ((Number) y).doubleValue();
            if (Double.isNaN(p) || Double.isNaN(q)) return false;
            return t.of(p < q ? -1 : p > q ? 1 : 0);
        });
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            if ((a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float)) {
                return ((Number) a).doubleValue() == ((Number) b).doubleValue();
            }
            return ((Number) a).longValue() == ((Number) b).longValue();
        }
        return a == null ? b == null : a.equals(b);
    }

    private static void queries(OpRegistry r) {
        String ne = "tensor::numel";
        OpDef.builder(ne, "numel(Tensor self) -> int")
                .kernel(a -> (long) Args.array(ne, a, 0).numel())
                .notDifferentiable("an element count is an integer")
                .traits(PURE).doc("The number of elements.").register(r);
        String sz = "tensor::size";
        OpDef.builder(sz, "size(Tensor self, int dim) -> int")
                .kernel(a -> {
                    NdArray x = Args.array(sz, a, 0);
                    if (x.rank() == 0) {
                        throw new OpException(sz, "a 0-d tensor has no dimension " + Args.longArg(sz, a, 1));
                    }
                    return x.dim(Shapes.normDim(sz, Args.longArg(sz, a, 1), x.rank()));
                })
                .notDifferentiable("a size is an integer")
                .traits(PURE, MAY_THROW).doc("The size of dimension dim (negative dims count from the end).").register(r);
        String it = "tensor::item";
        OpDef.builder(it, "item(Tensor self) -> Scalar")
                .kernel(a -> {
                    NdArray x = Args.array(it, a, 0);
                    if (x.numel() != 1) {
                        throw new OpException(it, "only a tensor with one element can be converted to a number, got shape "
                                + Shapes.str(x.shape()));
                    }
                    switch (x.dtype()) {
                        case INT64: return x.getLong(0);
                        case BOOL: return x.bools()[0];
                        default: return x.getDouble(0);
                    }
                })
                .notDifferentiable("the value leaves the tensor world as a Java number")
                .traits(PURE, MAY_THROW).doc("The single element as a Java number (Double, Long or Boolean).").register(r);
    }
}
