package jitbook.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading shape-rule arguments, where a non-tensor argument may be an {@link ShapeRule.Unknown}
 * (its value is not known before run time) and a tensor's shape may be unknown. Each reader
 * returns null for "not known", so a rule can fall back to an unknown shape instead of guessing.
 */
final class RuleArgs {
    private RuleArgs() {
    }

    static boolean known(Object v) {
        return !(v instanceof ShapeRule.Unknown);
    }

    static Object opt(Object[] a, int i) {
        return i < a.length ? a[i] : null;
    }

    static TensorSpec spec(String op, Object[] a, int i) {
        Object v = opt(a, i);
        if (v instanceof TensorSpec) return (TensorSpec) v;
        throw new OpException(op, "argument " + i + " must be a tensor, got " + v);
    }

    /** An optional tensor argument; null when absent. */
    static TensorSpec optSpec(String op, Object[] a, int i) {
        return opt(a, i) == null ? null : spec(op, a, i);
    }

    /** The shape of a tensor argument, or null when unknown (unknown rank or any unknown dim). */
    static long[] shape(String op, Object[] a, int i) {
        TensorSpec s = spec(op, a, i);
        return s.hasShape() ? s.shape : null;
    }

    @SuppressWarnings("unchecked")
    static List<TensorSpec> specs(String op, Object[] a, int i) {
        Object v = opt(a, i);
        if (v instanceof List) {
            List<TensorSpec> out = new ArrayList<>();
            for (Object e : (List<Object>) v) {
                if (!(e instanceof TensorSpec)) return null;
                out.add((TensorSpec) e);
            }
            return out;
        }
        return null;
    }

    /** An int argument, null when unknown; {@code dflt} when omitted. */
    static Long longOr(String op, Object[] a, int i, Long dflt) {
        Object v = opt(a, i);
        if (v == null) return dflt;
        if (!known(v)) return null;
        return Args.longArg(op, a, i);
    }

    /** Whether an optional argument is None (absent). */
    static boolean isNone(Object[] a, int i) {
        return opt(a, i) == null;
    }

    static long[] longsOrNull(String op, Object[] a, int i) {
        Object v = opt(a, i);
        if (v == null || !known(v)) return null;
        if (v instanceof List) {
            for (Object e : (List<?>) v) {
                if (!(e instanceof Number)) return null;
            }
        }
        return Args.longs(op, a, i);
    }

    static Boolean boolOr(String op, Object[] a, int i, Boolean dflt) {
        Object v = opt(a, i);
        if (v == null) return dflt;
        if (!known(v)) return null;
        return Args.boolArg(op, a, i);
    }

    static Double doubleOr(String op, Object[] a, int i, Double dflt) {
        Object v = opt(a, i);
        if (v == null) return dflt;
        if (!known(v)) return null;
        return Args.doubleArg(op, a, i);
    }

    /** A dtype argument; {@code unknownAs} when it is not known before run time. */
    static DType dtypeOr(String op, Object[] a, int i, DType dflt, DType unknownAs) {
        Object v = opt(a, i);
        if (v != null && !known(v)) return unknownAs;
        return Args.dtypeOr(op, a, i, dflt);
    }

    /** A rank-r array of unknown sizes (-1), or a null shape when the rank is unknown too. */
    static long[] unknownDims(int rank) {
        if (rank < 0) return null;
        long[] s = new long[rank];
        java.util.Arrays.fill(s, -1);
        return s;
    }
}
