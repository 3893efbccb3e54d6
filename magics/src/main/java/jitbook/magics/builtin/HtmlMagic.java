package jitbook.magics.builtin;

import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;

/** {@code %%html}: shows the cell as HTML. */
public final class HtmlMagic extends BaseMagic {
    static final String USAGE = "%%html (cell of HTML)";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE).positional(0, 0);

    public HtmlMagic() {
        super("html", Kind.CELL, USAGE,
                "render the cell as HTML", SPEC);
    }

    @Override
    public Object run(MagicCall call, Session session) {
        args(call);
        session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, call.body()).put(MimeBundle.TEXT_HTML, call.body()));
        return null;
    }
}
