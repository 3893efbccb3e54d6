package jitbook.magics.builtin;

import jitbook.magics.Magic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;

/** {@code %%html}: shows the cell as HTML. */
public final class HtmlMagic implements Magic {
    @Override
    public String name() {
        return "html";
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public String usage() {
        return "%%html (cell of HTML)";
    }

    @Override
    public String summary() {
        return "render the cell as HTML";
    }

    @Override
    public Object run(MagicCall call, Session session) {
        call.args(MagicArgs.Spec.of(usage()).positional(0, 0));
        session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, call.body()).put(MimeBundle.TEXT_HTML, call.body()));
        return null;
    }
}
