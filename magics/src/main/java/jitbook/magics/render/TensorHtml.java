package jitbook.magics.render;

import java.util.Arrays;
import java.util.Locale;

import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;

/**
 * A tensor as an HTML table, as PyTorch's printout reads: a caption with shape, dtype and
 * whether it requires grad; a scalar as one value, a vector as one row, a matrix as rows and
 * columns, higher ranks as one table per leading index. Large dimensions are summarized to
 * their first and last three entries with an ellipsis, so a million-element tensor renders in
 * microseconds.
 */
public final class TensorHtml {
    private static final int EDGE = 3;
    private static final int FULL = 12;
    private static final int MAX_SLICES = 4;

    private TensorHtml() {
    }

    public static String html(Tensor t) {
        NdArray a = t.array();
        long[] shape = a.shape();
        StringBuilder sb = new StringBuilder("<div class=\"tensor\">");
        String caption = "tensor " + Arrays.toString(shape).replace('[', '(').replace(']', ')') + " " + dtypeName(a.dtype())
                + (t.requiresGrad() ? ", requires_grad" : "") + (a.numel() > FULL * FULL ? " — " + a.numel() + " elements, summarized" : "");
        if (shape.length == 0) {
            sb.append("<table><caption>").append(Html.escape(caption)).append("</caption><tr><td>").append(Html.escape(format(a, 0))).append("</td></tr></table>");
        } else if (shape.length <= 2) {
            table(sb, a, 0, caption);
        } else {
            long slices = a.numel() / (shape[shape.length - 2] * shape[shape.length - 1]);
            sb.append("<div class=\"muted\">").append(Html.escape(caption)).append("</div>");
            long[] lead = Arrays.copyOf(shape, shape.length - 2);
            long step = shape[shape.length - 2] * shape[shape.length - 1];
            for (long s = 0; s < slices; s++) {
                if (slices > MAX_SLICES && s == MAX_SLICES / 2) {
                    sb.append("<div class=\"muted\">… ").append(slices - MAX_SLICES).append(" more slices …</div>");
                    s = slices - MAX_SLICES / 2 - 1;
                    continue;
                }
                table(sb, a, s * step, "[" + index(s, lead) + ", :, :]");
            }
        }
        return Html.block(sb.append("</div>").toString());
    }

    private static String index(long flat, long[] lead) {
        long[] idx = new long[lead.length];
        for (int d = lead.length - 1; d >= 0; d--) {
            idx[d] = flat % lead[d];
            flat /= lead[d];
        }
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < idx.length; d++) sb.append(d == 0 ? "" : ", ").append(idx[d]);
        return sb.toString();
    }

    private static void table(StringBuilder sb, NdArray a, long offset, String caption) {
        long[] shape = a.shape();
        long rows = shape.length == 1 ? 1 : shape[shape.length - 2];
        long cols = shape[shape.length - 1];
        sb.append("<table><caption>").append(Html.escape(caption)).append("</caption>");
        for (long r = 0; r < rows; r++) {
            if (rows > FULL && r == EDGE) {
                sb.append("<tr>");
                for (long c = 0; c < Math.min(cols, 2 * EDGE + 1); c++) sb.append("<td>⋮</td>");
                sb.append("</tr>");
                r = rows - EDGE - 1;
                continue;
            }
            sb.append("<tr>");
            for (long c = 0; c < cols; c++) {
                if (cols > FULL && c == EDGE) {
                    sb.append("<td>…</td>");
                    c = cols - EDGE - 1;
                    continue;
                }
                sb.append("<td>").append(Html.escape(format(a, (int) (offset + r * cols + c)))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
    }

    private static String format(NdArray a, int i) {
        DType d = a.dtype();
        if (d == DType.BOOL) return a.bools()[i] ? "True" : "False";
        if (!d.isFloating()) return Long.toString(a.getLong(i));
        double v = a.getDouble(i);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double abs = Math.abs(v);
        if (v == Math.rint(v) && abs < 1e8) return String.format(Locale.ROOT, "%.0f.", v);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e8)) return String.format(Locale.ROOT, "%.4e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String dtypeName(DType d) {
        return d.name().toLowerCase(Locale.ROOT);
    }
}
