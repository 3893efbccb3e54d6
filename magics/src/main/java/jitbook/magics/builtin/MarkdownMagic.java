package jitbook.magics.builtin;

import jitbook.magics.Magic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;

/** {@code %%markdown}: shows the cell as Markdown (the front end renders it). */
public final class MarkdownMagic implements Magic {
    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public String usage() {
        return "%%markdown (cell of Markdown)";
    }

    @Override
    public String summary() {
        return "render the cell as Markdown";
    }

    @Override
    public Object run(MagicCall call, Session session) {
        call.args(MagicArgs.Spec.of(usage()).positional(0, 0));
        session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, call.body()).put(MimeBundle.TEXT_MARKDOWN, call.body()));
        return null;
    }
}
