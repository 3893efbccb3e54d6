package jitbook.magics.render;

import java.util.Locale;

import jitbook.magics.timing.Stats;
import jitbook.magics.timing.Timing;

/** The eager-versus-compiled timing table: runs, median, spread, fastest, speedup; and compile time. */
public final class TimingView {
    private TimingView() {
    }

    public static String html(Timing.Comparison c, String eagerLabel, String compiledLabel, String compileNote) {
        StringBuilder sb = new StringBuilder("<table class=\"timing\"><caption>Timing (per call)</caption>")
                .append("<tr><th class=\"l\"></th><th>runs</th><th>median</th><th>spread (p10 – p90)</th><th>fastest</th><th>speedup</th></tr>");
        row(sb, eagerLabel, c.eager(), "1.00×");
        row(sb, compiledLabel, c.compiled(), String.format(Locale.ROOT, "%.2f×", c.speedup()));
        sb.append("</table>");
        if (compileNote != null) sb.append("<div class=\"muted compile\">").append(Html.escape(compileNote)).append("</div>");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, Stats s, String speedup) {
        sb.append("<tr><td class=\"l\">").append(Html.escape(label)).append("</td><td>").append(s.runs()).append("</td><td>")
                .append(Stats.format(s.median())).append("</td><td>").append(Stats.format(s.percentile(10))).append(" – ")
                .append(Stats.format(s.percentile(90))).append("</td><td>").append(Stats.format(s.min())).append("</td><td>")
                .append(speedup).append("</td></tr>");
    }

    public static String text(Timing.Comparison c, String eagerLabel, String compiledLabel, String compileNote) {
        int w = Math.max(eagerLabel.length(), compiledLabel.length());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + w + "s  %5s  %10s  %23s  %10s  %7s%n", "", "runs", "median", "spread (p10 .. p90)", "fastest", "speedup"));
        sb.append(textRow(eagerLabel, w, c.eager(), "1.00x"));
        sb.append(textRow(compiledLabel, w, c.compiled(), String.format(Locale.ROOT, "%.2fx", c.speedup())));
        if (compileNote != null) sb.append(compileNote).append('\n');
        return sb.toString();
    }

    private static String textRow(String label, int w, Stats s, String speedup) {
        return String.format(Locale.ROOT, "%-" + w + "s  %5d  %10s  %23s  %10s  %7s%n", label, s.runs(), Stats.format(s.median()),
                Stats.format(s.percentile(10)) + " .. " + Stats.format(s.percentile(90)), Stats.format(s.min()), speedup);
    }
}
