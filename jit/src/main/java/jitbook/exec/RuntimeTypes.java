package jitbook.exec;

import jitbook.ir.Type;

/**
 * The interpreter's runtime form of each IR type: tensors as {@link jitbook.ops.NdArray},
 * {@code int} as Integer, {@code long} as Long, {@code float} as Float, {@code double} as
 * Double, {@code bool} as Boolean, lists as ArrayList, dicts as LinkedHashMap, tuples as
 * Object[]. Kernels return Long/Double for scalars; {@link #coerce} gives them the declared width
 * (so {@code int} arithmetic wraps at 32 bits as in Java).
 */
public final class RuntimeTypes {
    private RuntimeTypes() {
    }

    /** Whether values of this type may need {@link #coerce} after an op. */
    public static boolean isScalar(Type t) {
        return t == Type.INT || t == Type.LONG || t == Type.FLOAT || t == Type.DOUBLE || t == Type.BOOL;
    }

    public static Object coerce(Object v, Type t) {
        if (v == null) return null;
        if (t == Type.INT) return v instanceof Integer ? v : (Object) (v instanceof Boolean ? ((Boolean) v ? 1 : 0) : ((Number) v).intValue());
        if (t == Type.LONG) return v instanceof Long ? v : (Object) (v instanceof Boolean ? ((Boolean) v ? 1L : 0L) : ((Number) v).longValue());
        if (t == Type.FLOAT) return v instanceof Float ? v : (Object) ((Number) v).floatValue();
        if (t == Type.DOUBLE) return v instanceof Double ? v : (Object) ((Number) v).doubleValue();
        if (t == Type.BOOL) return v instanceof Boolean ? v : (Object) (((Number) v).doubleValue() != 0);
        return v;
    }

    public static boolean truth(Object v, String what) {
        if (v instanceof Boolean) return (Boolean) v;
        if (v instanceof jitbook.ops.NdArray) {
            jitbook.ops.NdArray a = (jitbook.ops.NdArray) v;
            if (a.numel() != 1) {
                throw new IllegalArgumentException("the truth value of a tensor with " + a.numel()
                        + " elements is ambiguous (" + what + " needs one element)");
            }
            return a.getDouble(0) != 0;
        }
        if (v instanceof Number) return ((Number) v).doubleValue() != 0;
        throw new IllegalArgumentException(what + " needs a bool, got " + (v == null ? "None" : v.getClass().getSimpleName()));
    }
}
