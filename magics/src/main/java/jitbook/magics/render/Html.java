package jitbook.magics.render;

/** Small HTML helpers shared by the renderers, and the one stylesheet their output uses. */
public final class Html {
    private Html() {
    }

    /**
     * The text colour of each highlighted kind: op names, types, value names, keywords, constants,
     * added and removed diff lines. Written both into the stylesheet and as {@code <font color>}
     * on each token ({@link #tint}), because Notebook drops {@code <style>} and every inline style
     * from untrusted outputs (every notebook nbconvert ran) but keeps the font colour.
     */
    private static final java.util.Map<String, String> COLORS = java.util.Map.of(
            "op", "#0b5fa5", "ty", "#7a3e9d", "v", "#1c6b2f", "kw", "#a0522d", "cst", "#b35900",
            "add", "#116329", "del", "#82071e");

    /**
     * The styles of Jitbook output, scoped under {@code .jb}; each rendered block carries its own
     * copy. Nothing may depend on it to stay readable: untrusted notebooks drop it (see
     * {@link #COLORS}), so structure is in the markup (lines end in newlines, tables are tables)
     * and this only adds weight, backgrounds and spacing.
     */
    public static final String STYLE = "<style>"
            + ".jb{font-family:var(--jp-ui-font-family,system-ui,sans-serif);font-size:13px;line-height:1.4}"
            + ".jb pre{font-family:var(--jp-code-font-family,monospace);font-size:12px;background:var(--jp-layout-color1,#f7f7f7);"
            + "padding:6px 8px;margin:4px 0;overflow-x:auto;border-radius:3px}"
            + colorRules()
            + ".jb .op,.jb .kw{font-weight:600}"
            + ".jb .add{background:#e6ffec;display:inline-block;min-width:100%}.jb .del{background:#ffebe9;display:inline-block;min-width:100%}"
            + ".jb details{margin:2px 0}.jb summary{cursor:pointer}.jb .muted{color:#777}"
            + ".jb .warn{border-left:3px solid #d29922;background:#fff8c5;padding:4px 8px;margin:4px 0}"
            + ".jb .err{border-left:3px solid #cf222e;background:#ffebe9;padding:4px 8px;margin:4px 0}"
            + ".jb table{border-collapse:collapse;margin:4px 0}.jb th,.jb td{border:1px solid #ccc;padding:2px 8px;text-align:right}"
            + ".jb th{background:var(--jp-layout-color2,#eee)}.jb td.l,.jb th.l{text-align:left}.jb caption{text-align:left;color:#555;white-space:nowrap}"
            + "</style>";

    private static String colorRules() {
        StringBuilder sb = new StringBuilder();
        for (String kind : new java.util.TreeSet<>(COLORS.keySet())) sb.append(".jb .").append(kind).append("{color:").append(COLORS.get(kind)).append('}');
        return sb.toString();
    }

    /** Escaped text in the colour of {@code kind} (one of {@link #COLORS}' keys), which survives sanitizing. */
    public static String tint(String kind, String escapedHtml) {
        String color = COLORS.get(kind);
        if (color == null) throw new IllegalArgumentException("no colour for " + kind);
        return "<font class=\"" + kind + "\" color=\"" + color + "\">" + escapedHtml + "</font>";
    }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A collapsible section. */
    public static String details(String summaryHtml, String bodyHtml, boolean open) {
        return "<details" + (open ? " open" : "") + "><summary>" + summaryHtml + "</summary>" + bodyHtml + "</details>";
    }

    /** Wraps blocks in the styled container. */
    public static String block(String inner) {
        return STYLE + "<div class=\"jb\">" + inner + "</div>";
    }
}
