package jitbook.magics.builtin;

import jitbook.magics.Handoff;
import jitbook.magics.JavaSource;
import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.render.Html;
import jitbook.magics.timing.Timing;

/**
 * {@code %timeit [-n N] [-r R] [-o] statement} and {@code %%timeit [-n N] [-r R] [-o]}: as
 * IPython, runs the code in a loop whose count is chosen so one run takes at least 0.2 s (or
 * {@code -n}), repeats {@code -r} times (7), and reports mean ± standard deviation per loop. The
 * loop runs inside one snippet, so compiling is not timed. {@code -o} returns the result object.
 */
public final class TimeitMagic extends BaseMagic {
    static final String USAGE = "%timeit [-n N] [-r R] [-o] statement | %%timeit [-n N] [-r R] [-o] (cell)";
    private static final MagicArgs.Spec LINE = MagicArgs.Spec.of(USAGE).flags("-o").options("-n", "-r").positional(0, 1).restAsText();
    private static final MagicArgs.Spec CELL = MagicArgs.Spec.of(USAGE).flags("-o").options("-n", "-r").positional(0, 0);

    public TimeitMagic() {
        super("timeit", Kind.LINE_AND_CELL, USAGE,
                "time code over many loops: mean ± std. dev. of 7 runs, loop count chosen automatically", LINE, CELL);
    }

    /** {@code %timeit [-n N] [-r R] [-o] statement}: Java after the options. */
    @Override
    public int lineJavaStart(String args) {
        return LINE.textStart(args);
    }

    @Override
    public Object run(MagicCall call, Session session) {
        MagicArgs args = args(call);
        int n = args.intValue("-n", 0, 1, Integer.MAX_VALUE);
        int rep = args.intValue("-r", 7, 1, 1000);
        String key = Handoff.newKey();
        String prefix = "\n".repeat(call.headerLine() - 1);
        String head = "jitbook.magics.Handoff.put(\"" + key + "\", jitbook.magics.timing.Timing.";
        Session.Result r;
        if (call.cell()) {
            String body = call.body();
            if (body.isBlank()) throw args.usageError("nothing to time");
            // The body runs as a lambda's block; line 1 of the lambda is the header line.
            String block = JavaSource.withSemicolon(body);
            r = session.eval(prefix + head + "timeit(() -> {\n" + block + "\n}, " + n + ", " + rep + "));");
        } else {
            String stmt = args.positional(0);
            if (stmt == null || stmt.isBlank()) throw args.usageError("nothing to time");
            String expr = stmt.strip().replaceAll(";\\s*$", "");
            r = JavaSource.isExpression(expr)
                    ? session.eval(prefix + head + "timeitValue(() -> " + expr + ", " + n + ", " + rep + "));")
                    : null;
            if (r == null || !r.ok() && Handoff.take(key) == null) {
                r = session.eval(prefix + head + "timeit(() -> { " + JavaSource.withSemicolon(expr) + " }, " + n + ", " + rep + "));");
            }
        }
        Object result = Handoff.take(key);
        if (!r.ok()) throw new MagicException(r.ename(), r.evalue(), r.traceback());
        Timing.TimeitResult t = (Timing.TimeitResult) result;
        session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, t.toString()).put(MimeBundle.TEXT_HTML,
                "<pre class=\"jb-timeit\">" + Html.escape(t.toString()) + "</pre>"));
        return args.flag("-o") ? t : null;
    }
}
