package jitbook.magics.builtin;

import jitbook.magics.Magic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.render.Html;

/** {@code %lsmagic}: lists the line and cell magics with their usage. */
public final class LsmagicMagic implements Magic {
    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public boolean isLine() {
        return true;
    }

    @Override
    public String usage() {
        return "%lsmagic";
    }

    @Override
    public String summary() {
        return "list the available magics";
    }

    @Override
    public Object run(MagicCall call, Session session) {
        call.args(MagicArgs.Spec.of(usage()).positional(0, 0));
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<table class=\"lsmagic\"><tr><th class=\"l\">magic</th><th class=\"l\">usage</th><th class=\"l\">what it does</th></tr>");
        text.append("Line magics:\n");
        for (Magic m : call.registry().lineMagics()) row(text, html, "%" + m.name(), m);
        text.append("Cell magics:\n");
        for (Magic m : call.registry().cellMagics()) row(text, html, "%%" + m.name(), m);
        html.append("</table>");
        session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, text.toString()).put(MimeBundle.TEXT_HTML, Html.block(html.toString())));
        return null;
    }

    private static void row(StringBuilder text, StringBuilder html, String name, Magic m) {
        text.append(String.format("  %-10s %s%n             %s%n", name, m.usage(), m.summary()));
        html.append("<tr><td class=\"l\"><code>").append(Html.escape(name)).append("</code></td><td class=\"l\"><code>")
                .append(Html.escape(m.usage())).append("</code></td><td class=\"l\">").append(Html.escape(m.summary())).append("</td></tr>");
    }
}
