package jitbook.magics.render;

import java.util.ArrayList;
import java.util.List;

import jitbook.passes.PassRecord;
import jitbook.passes.PipelineRun;

/**
 * The optimizer's run, pass by pass and in the order run: each pass that changed the graph is an
 * open section with its line diff (removed lines red, added green,
 * each on a line of its own so the diff reads the same where Notebook drops the stylesheet) and the graph after it; each
 * stretch of passes that changed nothing is one folded section naming them.
 */
public final class PassesView {
    private PassesView() {
    }

    public static String html(PipelineRun run) {
        StringBuilder sb = new StringBuilder();
        List<PassRecord> quiet = new ArrayList<>();
        int step = 0;
        for (PassRecord r : run.records()) {
            step++;
            if (!r.changed) {
                quiet.add(r);
                continue;
            }
            flushQuiet(sb, quiet);
            String diff = r.diff();
            int added = 0;
            int removed = 0;
            StringBuilder d = new StringBuilder("<pre class=\"diff\">");
            for (String line : diff.split("\n")) {
                if (line.startsWith("+ ")) {
                    added++;
                    d.append(Html.tint("add", Html.escape(line))).append('\n');
                } else if (line.startsWith("- ")) {
                    removed++;
                    d.append(Html.tint("del", Html.escape(line))).append('\n');
                } else {
                    d.append(Html.escape(line)).append('\n');
                }
            }
            if (d.charAt(d.length() - 1) == '\n') d.setLength(d.length() - 1);
            d.append("</pre>");
            String after = r.graphAfter == null ? "" : Html.details("graph after " + Html.escape(r.passName), IrHtml.pre(r.graphAfter), false);
            sb.append("<details open class=\"pass changed\"><summary>").append(step).append(". <b>").append(Html.escape(r.passName))
                    .append("</b> changed the graph <span class=\"muted\">(+").append(added).append(" / -").append(removed)
                    .append(" lines)</span></summary>").append(d).append(after).append("</details>");
        }
        flushQuiet(sb, quiet);
        return sb.toString();
    }

    private static void flushQuiet(StringBuilder sb, List<PassRecord> quiet) {
        if (quiet.isEmpty()) return;
        List<String> names = new ArrayList<>();
        for (PassRecord q : quiet) names.add(q.passName);
        sb.append("<details class=\"pass unchanged\"><summary class=\"muted\">").append(quiet.size())
                .append(quiet.size() == 1 ? " pass" : " passes").append(" changed nothing: ")
                .append(Html.escape(String.join(", ", names))).append("</summary><p class=\"muted\">")
                .append(quiet.size() == 1 ? "It" : "They").append(" ran and left the graph as it was.</p></details>");
        quiet.clear();
    }

    public static String text(PipelineRun run) {
        StringBuilder sb = new StringBuilder();
        List<String> quiet = new ArrayList<>();
        for (PassRecord r : run.records()) {
            if (!r.changed) {
                quiet.add(r.passName);
                continue;
            }
            if (!quiet.isEmpty()) {
                sb.append("  (no change: ").append(String.join(", ", quiet)).append(")\n");
                quiet.clear();
            }
            sb.append("== ").append(r.passName).append('\n');
            String d = r.diff();
            if (!d.isEmpty()) sb.append(d.indent(2));
        }
        if (!quiet.isEmpty()) sb.append("  (no change: ").append(String.join(", ", quiet)).append(")\n");
        return sb.toString();
    }
}
