package jitbook.ops;

import java.util.Locale;


/**
 * Prints tensors as PyTorch does: nested brackets aligned under {@code tensor(}, a common
 * number format chosen from all the values (integers as {@code 1.}, fixed with four decimals,
 * or scientific when the range is wide), and {@code ...} for long dimensions.
 */
public final class TensorFormatter {
    private static final int SUMMARIZE_ABOVE = 1000;
    private static final int EDGE = 3;

    private TensorFormatter() {
    }

    public static String format(NdArray a, String suffix) {
        // PyTorch names the dtype only when it is not the default for its kind.
        String dtypeNote = a.dtype() == DType.FLOAT64 ? ", dtype=" + dtypeName(a.dtype()) : "";
        NumberStyle style = NumberStyle.choose(a);
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = a.numel() > SUMMARIZE_ABOVE;
        if (a.rank() == 0) {
            sb.append(style.format(a, 0));
        } else if (a.numel() == 0) {
            sb.append("[]");
            dtypeNote = ", size=" + java.util.Arrays.toString(a.shape()).replace('[', '(').replace(']', ')') + dtypeNote;
        } else {
            appendDim(sb, a, style, 0, 0, "tensor(".length(), summarize);
        }
        return sb.append(dtypeNote).append(suffix).append(')').toString();
    }

    private static String dtypeName(DType d) {
        switch (d) {
            case FLOAT64: return "float64";
            case INT64: return "int64";
            case BOOL: return "bool";
            default: return "float32";
        }
    }

    private static void appendDim(StringBuilder sb, NdArray a, NumberStyle style, int dim, int offset, int indent,
                                  boolean summarize) {
        long n = a.dim(dim);
        long stride = 1;
        for (int d = dim + 1; d < a.rank(); d++) stride *= a.dim(d);
        sb.append('[');
        boolean last = dim == a.rank() - 1;
        for (long i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (last) {
                sb.append(style.format(a, (int) (offset + i)));
            } else {
                appendDim(sb, a, style, dim + 1, (int) (offset + i * stride), indent, summarize);
            }
            if (i < n - 1) {
                sb.append(',');
                if (last) {
                    sb.append(' ');
                } else {
                    sb.append("\n".repeat(a.rank() - dim - 1)).append(" ".repeat(indent + dim + 1));
                }
            }
        }
        sb.append(']');
    }

    /** One number format for all elements of a tensor, as PyTorch picks it. */
    private static final class NumberStyle {
        private final DType dtype;
        private final boolean integral;
        private final boolean scientific;
        private final int width;

        private NumberStyle(DType dtype, boolean integral, boolean scientific, int width) {
            this.dtype = dtype;
            this.integral = integral;
            this.scientific = scientific;
            this.width = width;
        }

        static NumberStyle choose(NdArray a) {
            if (!a.dtype().isFloating()) {
                int w = 1;
                for (int i = 0; i < a.numel(); i++) {
                    w = Math.max(w, raw(a, i, a.dtype()).length());
                }
                return new NumberStyle(a.dtype(), true, false, w);
            }
            boolean integral = true;
            double maxAbs = 0;
            double minAbs = Double.MAX_VALUE;
            for (int i = 0; i < a.numel(); i++) {
                double v = a.getDouble(i);
                if (!Double.isFinite(v)) continue;
                if (v != Math.rint(v)) integral = false;
                maxAbs = Math.max(maxAbs, Math.abs(v));
                if (v != 0) minAbs = Math.min(minAbs, Math.abs(v));
            }
            boolean sci = maxAbs >= 1e8 || (!integral && minAbs < 1e-4) || (minAbs != Double.MAX_VALUE && maxAbs / minAbs > 1000 && !integral);
            NumberStyle probe = new NumberStyle(a.dtype(), integral, sci, 0);
            int w = 1;
            for (int i = 0; i < a.numel(); i++) w = Math.max(w, probe.plain(a.getDouble(i)).length());
            return new NumberStyle(a.dtype(), integral, sci, w);
        }

        private static String raw(NdArray a, int i, DType d) {
            if (d == DType.BOOL) return a.bools()[i] ? "True" : "False";
            return Long.toString(a.getLong(i));
        }

        String plain(double v) {
            if (Double.isNaN(v)) return "nan";
            if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            if (scientific) return String.format(Locale.ROOT, "%.4e", v);
            if (integral) return String.format(Locale.ROOT, "%.0f.", v);
            return String.format(Locale.ROOT, "%.4f", v);
        }

        String format(NdArray a, int i) {
            String s = dtype.isFloating() ? plain(a.getDouble(i)) : raw(a, i, dtype);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
