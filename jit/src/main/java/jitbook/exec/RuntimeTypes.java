package jitbook.exec;

import jitbook.ir.Type;

/**
 * The interpreter's runtime form of each IR type: tensors as {@link jitbook.ops.NdArray},
 * {@code byte}, {@code short} and {@code int} as Byte, Short and Integer, {@code long} as Long, {@code float} as Float, {@code double} as
 * Double, {@code bool} as Boolean, lists as ArrayList, dicts as LinkedHashMap, tuples as
 * Object[]. Kernels return Long/Double for scalars; {@link #coerce} gives them the declared width
 * (so {@code int} arithmetic wraps at 32 bits as in Java).
 */
public final class RuntimeTypes {
    private RuntimeTypes() {
    }

    /** Whether values of this type may need {@link #coerce} after an op. */
    public static boolean isScalar(Type t) {
        return t.isNumber() || t == Type.BOOL;
    }

    /**
     * A kernel's result as a value of the declared type: Java's casting conversion (JLS 5.5), the
     * one place the interpreter and the optimizer narrow and widen numbers. Integers wrap to the
     * declared width; a floating value converts to an integer type by rounding toward zero and
     * saturating at that type's range (NaN is 0), to byte and short through int as Java does; a
     * long converts to float with one rounding; a boolean counts as 1 or 0.
     */
    public static Object coerce(Object v, Type t) {
        if (v == null) return null;
        if (t == Type.INT) return v instanceof Integer ? v : (Object) toInt(v);
        if (t == Type.LONG) return v instanceof Long ? v : (Object) toLong(v);
        if (t == Type.DOUBLE) return v instanceof Double ? v : (Object) toDouble(v);
        if (t == Type.FLOAT) return v instanceof Float ? v : (Object) toFloat(v);
        if (t == Type.BOOL) return v instanceof Boolean ? v : (Object) (toDouble(v) != 0);
        if (t == Type.SHORT) return v instanceof Short ? v : (Object) (short) toInt(v);
        if (t == Type.BYTE) return v instanceof Byte ? v : (Object) (byte) toInt(v);
        return v;
    }

    private static int toInt(Object v) {
        if (v instanceof Boolean) return (Boolean) v ? 1 : 0;
        if (v instanceof Double || v instanceof Float) return (int) ((Number) v).doubleValue();
        return (int) ((Number) v).longValue();
    }

    private static long toLong(Object v) {
        if (v instanceof Boolean) return (Boolean) v ? 1 : 0;
        if (v instanceof Double || v instanceof Float) return (long) ((Number) v).doubleValue();
        return ((Number) v).longValue();
    }

    private static double toDouble(Object v) {
        if (v instanceof Boolean) return (Boolean) v ? 1 : 0;
        return ((Number) v).doubleValue();
    }

    private static float toFloat(Object v) {
        if (v instanceof Boolean) return (Boolean) v ? 1 : 0;
        if (v instanceof Double || v instanceof Float) return (float) ((Number) v).doubleValue();
        return (float) ((Number) v).longValue();
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
