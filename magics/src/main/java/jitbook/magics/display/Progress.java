package jitbook.magics.display;

import java.util.Locale;

/**
 * A progress bar for long work in a cell: show it with {@code display(Progress.bar(0, n, "..."))}
 * and move it with {@code handle.update(Progress.bar(i, n, "..."))}, which replaces the same
 * output in place (update_display_data). HTML for notebooks, a text bar for consoles.
 */
public final class Progress {
    private static final int TEXT_WIDTH = 30;

    private Progress() {
    }

    public static MimeBundle bar(long done, long total, String label) {
        double f = total <= 0 ? 1 : Math.max(0, Math.min(1, (double) done / total));
        int filled = (int) Math.round(f * TEXT_WIDTH);
        String text = String.format(Locale.ROOT, "[%s%s] %d/%d %s", "#".repeat(filled), ".".repeat(TEXT_WIDTH - filled), done, total,
                label == null ? "" : label);
        String html = String.format(Locale.ROOT, "<div style=\"font-family:monospace\"><progress value=\"%d\" max=\"%d\" style=\"width:300px\">"
                + "</progress> %d/%d %s</div>", done, Math.max(total, 1), done, total, escape(label == null ? "" : label));
        MimeBundle b = new MimeBundle();
        b.put(MimeBundle.TEXT_PLAIN, text);
        b.put("text/html", html);
        return b;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
