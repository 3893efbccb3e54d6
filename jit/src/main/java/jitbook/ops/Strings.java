package jitbook.ops;

/** Formats runtime values the way Java's string concatenation would show the corresponding Java values. */
public final class Strings {
    private Strings() {
    }

    public static String format(Object v) {
        if (v instanceof NdArray) return TensorFormatter.format((NdArray) v, "");
        if (v instanceof java.util.List) {
            // As AbstractCollection.toString, with tensors inside shown as tensors.
            StringBuilder sb = new StringBuilder("[");
            for (Object e : (java.util.List<?>) v) sb.append(sb.length() > 1 ? ", " : "").append(format(e));
            return sb.append(']').toString();
        }
        if (v instanceof java.util.Map) {
            StringBuilder sb = new StringBuilder("{");
            for (java.util.Map.Entry<?, ?> e : ((java.util.Map<?, ?>) v).entrySet()) {
                sb.append(sb.length() > 1 ? ", " : "").append(format(e.getKey())).append('=').append(format(e.getValue()));
            }
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }
}
