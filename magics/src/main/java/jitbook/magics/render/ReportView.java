package jitbook.magics.render;

import java.util.Locale;

import jitbook.magics.display.MimeBundle;
import jitbook.magics.trace.TraceReport;

/**
 * What {@code %%trace} and {@code %%script} show: the bound name, tracer warnings with their cell
 * lines, the IR as recorded or compiled, the optimizer pass by pass, the optimized IR, and the
 * timing table with compile time. HTML for Jupyter, with a plain-text twin for consoles.
 */
public final class ReportView {
    private ReportView() {
    }

    public static MimeBundle bundle(TraceReport r) {
        return MimeBundle.of(MimeBundle.TEXT_PLAIN, text(r)).put(MimeBundle.TEXT_HTML, html(r));
    }

    private static String compileNote(TraceReport r) {
        String s = String.format(Locale.ROOT, "%s: %.1f ms", r.compileLabel, r.compileMillis);
        if (r.optimizeMillis >= 0) s += String.format(Locale.ROOT, ", optimize for these inputs: %.1f ms", r.optimizeMillis);
        if (r.noOpt) s += " (--no-opt: the compiled side runs the graph as recorded, unoptimized)";
        return s;
    }

    public static String html(TraceReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"title\"><b>").append(Html.escape(r.title)).append("</b>");
        if (r.boundName != null) {
            sb.append(" → <code>").append(Html.escape(r.boundName)).append("</code> : <code>").append(Html.escape(r.boundType)).append("</code>");
        }
        sb.append("</div>");
        if (!r.attributes.isEmpty()) {
            sb.append("<div class=\"attrs\">attributes (session tensors the cell reads, kept as module state): <code>")
                    .append(Html.escape(String.join(", ", r.attributes))).append("</code></div>");
        }
        for (String n : r.notes) sb.append("<div class=\"note\">").append(Html.escape(n)).append("</div>");
        if (r.checkedSets > 0) {
            sb.append("<div class=\"muted\">checked: re-traced with ").append(r.checkedSets).append(" other input set")
                    .append(r.checkedSets == 1 ? "" : "s").append(", same graph and outputs</div>");
        }
        for (TraceReport.Warning w : r.warnings) {
            sb.append("<div class=\"warn\"><b>TracerWarning</b>");
            if (w.cellLine() > 0) {
                sb.append(" at cell line ").append(w.cellLine()).append(": <code>").append(Html.escape(w.lineText().strip())).append("</code>");
            }
            sb.append("<br>a traced tensor was converted to a Java value (<code>").append(Html.escape(w.how()))
                    .append("</code>): the trace records it as a constant, so code that branches or loops on it is frozen to what this example did.</div>");
        }
        if (r.graph != null) {
            sb.append(Html.details("<b>IR</b> " + (r.title.startsWith("%%trace") ? "as recorded" : "as compiled"), IrHtml.pre(r.graph), true));
        }
        if (r.optimization != null) {
            sb.append(Html.details("<b>Optimizer</b>: " + r.optimization.changes().size() + " of " + r.optimization.records().size()
                    + " pass runs changed the graph", PassesView.html(r.optimization), true));
            sb.append(Html.details("<b>Optimized IR</b>", IrHtml.pre(r.optimization.graph()), true));
        }
        if (r.timing != null) {
            sb.append(TimingView.html(r.timing, "eager cell", r.noOpt ? "compiled (unoptimized)" : "compiled call", compileNote(r)));
        } else if (r.compileMillis > 0) {
            sb.append("<div class=\"muted compile\">").append(Html.escape(compileNote(r))).append("</div>");
        }
        return Html.block(sb.toString());
    }

    public static String text(TraceReport r) {
        StringBuilder sb = new StringBuilder(r.title);
        if (r.boundName != null) sb.append(" -> ").append(r.boundName).append(" : ").append(r.boundType);
        sb.append('\n');
        if (!r.attributes.isEmpty()) sb.append("attributes: ").append(String.join(", ", r.attributes)).append('\n');
        for (String n : r.notes) sb.append(n).append('\n');
        if (r.checkedSets > 0) sb.append("checked against ").append(r.checkedSets).append(" other input set(s)\n");
        for (TraceReport.Warning w : r.warnings) {
            sb.append("TracerWarning");
            if (w.cellLine() > 0) sb.append(" at cell line ").append(w.cellLine()).append(": ").append(w.lineText().strip());
            sb.append("\n  a traced tensor was converted to a Java value (").append(w.how()).append("): recorded as a constant\n");
        }
        if (r.graph != null) sb.append("-- IR ").append(r.title.startsWith("%%trace") ? "as recorded" : "as compiled").append(":\n").append(r.graph);
        if (r.optimization != null) {
            sb.append("-- optimizer, pass by pass:\n").append(PassesView.text(r.optimization));
            sb.append("-- optimized IR:\n").append(r.optimization.graph());
        }
        if (r.timing != null) {
            sb.append("-- timing:\n").append(TimingView.text(r.timing, "eager cell", r.noOpt ? "compiled (unoptimized)" : "compiled call", compileNote(r)));
        } else if (r.compileMillis > 0) {
            sb.append(compileNote(r)).append('\n');
        }
        return sb.toString();
    }
}
