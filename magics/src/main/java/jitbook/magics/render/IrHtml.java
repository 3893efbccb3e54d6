package jitbook.magics.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jitbook.ir.Graph;

/**
 * IR text as highlighted HTML: op names ({@code tensor::add}, {@code prim::If}), types after
 * {@code :}, value names ({@code %x.1}), constants in {@code [value=...]}, and the keywords
 * {@code graph}, {@code block}, {@code return}. The text itself is unchanged, so copying it from
 * the page gives IR the parser reads.
 */
public final class IrHtml {
    private IrHtml() {
    }

    private static final Pattern TOKEN = Pattern.compile(
            "(?<val>%[A-Za-z0-9_.]+)"
            + "|(?<op>\\b[a-z_]+::[A-Za-z0-9_]+)"
            + "|(?<attr>\\[[a-z_]+=(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^\\]]*)\\])"
            + "|(?<ty>(?<=: )[A-Z][A-Za-z0-9_]*(?:\\([^)]*\\)|\\[[^\\]]*\\])?\\??)"
            + "|(?<kw>^\\s*(?:graph|block\\d+|return)\\b|->)");

    public static String pre(Graph g) {
        return pre(g.toString());
    }

    /** A {@code <pre>} with the IR highlighted. */
    public static String pre(String ir) {
        StringBuilder sb = new StringBuilder("<pre class=\"ir\">");
        for (String line : ir.split("\n", -1)) {
            sb.append(line(line)).append('\n');
        }
        if (sb.charAt(sb.length() - 1) == '\n') sb.setLength(sb.length() - 1);
        return sb.append("</pre>").toString();
    }

    /** One line of IR, highlighted (escaped). */
    public static String line(String line) {
        Matcher m = TOKEN.matcher(line);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(Html.escape(line.substring(last, m.start())));
            String cls = m.group("val") != null ? "v" : m.group("op") != null ? "op" : m.group("attr") != null ? "cst"
                    : m.group("ty") != null ? "ty" : "kw";
            sb.append(Html.tint(cls, Html.escape(m.group())));
            last = m.end();
        }
        return sb.append(Html.escape(line.substring(last))).toString();
    }
}
