package jitbook.ops;

import java.util.List;

/** Reading kernel arguments: runtime values in schema order, checked with errors that name the op. */
public final class Args {
    private Args() {
    }

    public static NdArray array(String op, Object[] args, int i) {
        Object v = args[i];
        if (v instanceof NdArray) {
            return (NdArray) v;
        }
        throw new OpException(op, "argument " + i + " must be a tensor, got " + describe(v));
    }

    public static long longArg(String op, Object[] args, int i) {
        Object v = args[i];
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new OpException(op, "argument " + i + " must be an int, got " + describe(v));
    }

    public static Long optionalLong(String op, Object[] args, int i) {
        return args.length <= i || args[i] == null ? null : longArg(op, args, i);
    }

    public static double doubleArg(String op, Object[] args, int i) {
        Object v = args[i];
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        throw new OpException(op, "argument " + i + " must be a number, got " + describe(v));
    }

    public static boolean boolArg(String op, Object[] args, int i) {
        Object v = args[i];
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new OpException(op, "argument " + i + " must be a bool, got " + describe(v));
    }

    public static long[] longs(String op, Object[] args, int i) {
        Object v = args[i];
        if (v instanceof long[]) {
            return (long[]) v;
        }
        if (v instanceof int[]) {
            int[] a = (int[]) v;
            long[] out = new long[a.length];
            for (int k = 0; k < a.length; k++) out[k] = a[k];
            return out;
        }
        if (v instanceof List) {
            List<?> l = (List<?>) v;
            long[] out = new long[l.size()];
            for (int k = 0; k < out.length; k++) {
                Object e = l.get(k);
                if (!(e instanceof Number)) {
                    throw new OpException(op, "argument " + i + " must be a list of ints, got " + describe(v));
                }
                out[k] = ((Number) e).longValue();
            }
            return out;
        }
        if (v instanceof Long || v instanceof Integer) {
            return new long[] {((Number) v).longValue()};
        }
        throw new OpException(op, "argument " + i + " must be a list of ints, got " + describe(v));
    }

    /** An optional int list (null means "all dims" for reductions). */
    public static long[] optionalLongs(String op, Object[] args, int i) {
        return args.length <= i || args[i] == null ? null : longs(op, args, i);
    }

    @SuppressWarnings("unchecked")
    public static List<NdArray> arrays(String op, Object[] args, int i) {
        Object v = args[i];
        if (v instanceof List) {
            for (Object e : (List<?>) v) {
                if (!(e instanceof NdArray)) {
                    throw new OpException(op, "argument " + i + " must be a list of tensors, got an element " + describe(e));
                }
            }
            return (List<NdArray>) v;
        }
        throw new OpException(op, "argument " + i + " must be a list of tensors, got " + describe(v));
    }

    /** Argument {@code i}, or null when the caller passed fewer arguments (an omitted default). */
    public static Object opt(Object[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    /** An optional tensor ({@code Tensor?}): null when absent. */
    public static NdArray optionalArray(String op, Object[] args, int i) {
        return opt(args, i) == null ? null : array(op, args, i);
    }

    /** A tensor that must have a floating dtype. */
    public static NdArray floating(String op, Object[] args, int i) {
        NdArray a = array(op, args, i);
        if (!a.dtype().isFloating()) {
            throw new OpException(op, "argument " + i + " must be a floating tensor, got " + a.dtype().irName()
                    + Shapes.str(a.shape()));
        }
        return a;
    }

    public static long longOr(String op, Object[] args, int i, long dflt) {
        return opt(args, i) == null ? dflt : longArg(op, args, i);
    }

    public static double doubleOr(String op, Object[] args, int i, double dflt) {
        return opt(args, i) == null ? dflt : doubleArg(op, args, i);
    }

    public static boolean boolOr(String op, Object[] args, int i, boolean dflt) {
        return opt(args, i) == null ? dflt : boolArg(op, args, i);
    }

    public static String strOr(String op, Object[] args, int i, String dflt) {
        Object v = opt(args, i);
        if (v == null) return dflt;
        if (v instanceof String) return (String) v;
        throw new OpException(op, "argument " + i + " must be a str, got " + describe(v));
    }

    /** A dtype given by its IR name ({@code "Float"}, {@code "Double"}, {@code "Long"}, {@code "Bool"}) or as a {@link DType}. */
    public static DType dtypeOr(String op, Object[] args, int i, DType dflt) {
        Object v = opt(args, i);
        if (v == null) return dflt;
        if (v instanceof DType) return (DType) v;
        String s = strOr(op, args, i, null);
        for (DType d : DType.values()) {
            if (d.irName().equals(s)) return d;
        }
        throw new OpException(op, "unknown dtype '" + s + "' (expected Float, Double, Long or Bool)");
    }

    public static String describe(Object v) {
        if (v == null) return "None";
        if (v instanceof NdArray) return "a tensor of shape " + Shapes.str(((NdArray) v).shape());
        return "a " + v.getClass().getSimpleName() + " (" + v + ")";
    }
}
