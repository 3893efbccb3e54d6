package jitbook.magics.builtin;

import jitbook.magics.BaseMagic;
import jitbook.magics.Magic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.render.Html;

/** {@code %lsmagic}: lists the line and cell magics with their usage. */
public final class LsmagicMagic extends BaseMagic {
    static final String USAGE = "%lsmagic";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE).positional(0, 0);

    public LsmagicMagic() {
        super("lsmagic", Kind.LINE, USAGE,
                "list the available magics", SPEC);
    }

    @Override
    public Object run(MagicCall call, Session session) {
        args(call);
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
