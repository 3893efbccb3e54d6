package jitbook.magics.builtin;

import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;

/** {@code %%markdown}: shows the cell as Markdown (the front end renders it). */
public final class MarkdownMagic extends BaseMagic {
    static final String USAGE = "%%markdown (cell of Markdown)";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE).positional(0, 0);

    public MarkdownMagic() {
        super("markdown", Kind.CELL, USAGE,
                "render the cell as Markdown", SPEC);
    }

    @Override
    public Object run(MagicCall call, Session session) {
        args(call);
        session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, call.body()).put(MimeBundle.TEXT_MARKDOWN, call.body()));
        return null;
    }
}
