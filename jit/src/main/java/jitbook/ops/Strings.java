package jitbook.ops;

/** Formats runtime values the way Java's string concatenation would show the corresponding Java values. */
public final class Strings {
    private Strings() {
    }

    public static String format(Object v) {
        if (v instanceof NdArray) return TensorFormatter.format((NdArray) v, "");
        return String.valueOf(v);
    }
}
