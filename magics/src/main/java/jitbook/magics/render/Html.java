package jitbook.magics.render;

/** Small HTML helpers shared by the renderers, and the one stylesheet their output uses. */
public final class Html {
    private Html() {
    }

    /** The styles of Jitbook output, scoped under {@code .jb}; each rendered block carries its own copy. */
    public static final String STYLE = "<style>"
            + ".jb{font-family:var(--jp-ui-font-family,system-ui,sans-serif);font-size:13px;line-height:1.4}"
            + ".jb pre{font-family:var(--jp-code-font-family,monospace);font-size:12px;background:var(--jp-layout-color1,#f7f7f7);"
            + "padding:6px 8px;margin:4px 0;overflow-x:auto;border-radius:3px}"
            + ".jb .op{color:#0b5fa5;font-weight:600}.jb .ty{color:#7a3e9d}.jb .v{color:#1c6b2f}.jb .kw{color:#a0522d;font-weight:600}"
            + ".jb .cst{color:#b35900}.jb .add{background:#e6ffec;color:#116329;display:block}.jb .del{background:#ffebe9;color:#82071e;display:block}"
            + ".jb details{margin:2px 0}.jb summary{cursor:pointer}.jb .muted{color:#777}"
            + ".jb .warn{border-left:3px solid #d29922;background:#fff8c5;padding:4px 8px;margin:4px 0}"
            + ".jb .err{border-left:3px solid #cf222e;background:#ffebe9;padding:4px 8px;margin:4px 0}"
            + ".jb table{border-collapse:collapse;margin:4px 0}.jb th,.jb td{border:1px solid #ccc;padding:2px 8px;text-align:right}"
            + ".jb th{background:var(--jp-layout-color2,#eee)}.jb td.l,.jb th.l{text-align:left}.jb caption{text-align:left;color:#555}"
            + "</style>";

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
