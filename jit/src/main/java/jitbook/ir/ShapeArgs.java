package jitbook.ir;

import java.util.ArrayList;
import java.util.List;

import jitbook.ops.ShapeRule;
import jitbook.ops.TensorSpec;

/**
 * Builds the abstract arguments a registry shape rule takes from a node's inputs: tensor specs
 * from tensor types, constant values from {@code prim::Constant}s (and lists of constants), and
 * typed unknowns otherwise.
 */
public final class ShapeArgs {
    private ShapeArgs() {
    }

    /** Marks an input about which nothing useful is known (a tensor of unknown dtype). */
    private static final Object OPAQUE = new Object();

    /** The abstract arguments, or null if some tensor input has an unknown dtype. */
    public static Object[] of(Node n) {
        Object[] args = new Object[n.inputs().size()];
        for (int i = 0; i < args.length; i++) {
            Object a = abstractValue(n.inputs().get(i));
            if (a == OPAQUE) return null;
            args[i] = a;
        }
        return args;
    }

    static Object abstractValue(Value v) {
        Type t = v.type();
        if (t instanceof Type.TensorType) {
            Type.TensorType tt = (Type.TensorType) t;
            if (tt.dtype == null) return OPAQUE;
            return new TensorSpec(tt.dtype, tt.shape);
        }
        if (v.isConstant()) {
            Object c = v.constantValue();
            if (c instanceof jitbook.ops.NdArray) return TensorSpec.of((jitbook.ops.NdArray) c);
            return c;
        }
        Node p = v.producer();
        if (p != null && p.is(Prim.LIST_CONSTRUCT)) {
            List<Object> items = new ArrayList<>();
            boolean allLong = true;
            for (Value in : p.inputs()) {
                Object x = abstractValue(in);
                if (x == OPAQUE || x == null) return OPAQUE;
                items.add(x);
                allLong &= x instanceof Number && !(x instanceof Double) && !(x instanceof Float);
            }
            if (allLong && !items.isEmpty()) return items.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
            return items;
        }
        if (t.isIntegral()) return ShapeRule.UNKNOWN_INT;
        if (t == Type.FLOAT || t == Type.DOUBLE) return ShapeRule.UNKNOWN_FLOAT;
        if (t == Type.BOOL) return ShapeRule.UNKNOWN_BOOL;
        return ShapeRule.UNKNOWN;
    }
}
