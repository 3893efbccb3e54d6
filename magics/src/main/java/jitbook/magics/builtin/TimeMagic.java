package jitbook.magics.builtin;

import java.util.Locale;

import jitbook.magics.Handoff;
import jitbook.magics.JavaSource;
import jitbook.magics.BaseMagic;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.timing.Stats;
import jitbook.magics.timing.Timing;

/**
 * {@code %time statement} and {@code %%time}: runs the code once and reports how long it took,
 * as IPython does. An expression is timed inside its snippet (wall and CPU time of the run
 * alone, its value is the cell's result); a declaration or a whole cell is timed around the
 * session's evaluation (wall time, which includes compiling the snippets), so its variables stay
 * defined.
 */
public final class TimeMagic extends BaseMagic {
    static final String USAGE = "%time statement | %%time (cell)";

    public TimeMagic() {
        super("time", Kind.LINE_AND_CELL, USAGE,
                "run once and report wall (and CPU) time", null);
    }

    /** {@code %time statement}: the whole line is Java. */
    @Override
    public int lineJavaStart(String args) {
        return 0;
    }

    @Override
    public Object run(MagicCall call, Session session) {
        String code = call.cell() ? call.cellCode() : call.argLine();
        if (code.isBlank()) throw MagicException.usage(call.displayName() + ": nothing to time\nusage: " + usage());
        if (!call.cell() && JavaSource.isExpression(code)) {
            String expr = code.strip().replaceAll(";\\s*$", "");
            String key = Handoff.newKey();
            String prefix = "\n".repeat(call.headerLine() - 1);
            Session.Result r = session.eval(prefix + "jitbook.magics.timing.Timing.time(\"" + key + "\", () -> " + expr + ")");
            if (!r.ok() && Handoff.take(key) == null) {
                // A void call is not a value: time it as a statement.
                r = session.eval(prefix + "jitbook.magics.timing.Timing.timeVoid(\"" + key + "\", () -> " + expr + ");");
            }
            Timing.Elapsed e = (Timing.Elapsed) Handoff.take(key);
            if (e != null) show(session, e.wallNanos(), e.cpuNanos(), false);
            if (!r.ok()) throw new MagicException(r.ename(), r.evalue(), r.traceback());
            return r.hasValue() ? r.value() : null;
        }
        long t0 = System.nanoTime();
        Session.Result r = session.eval(call.cell() ? code : "\n".repeat(call.headerLine() - 1) + code);
        long wall = System.nanoTime() - t0;
        show(session, wall, -1, true);
        if (!r.ok()) throw new MagicException(r.ename(), r.evalue(), r.traceback());
        return r.hasValue() ? r.value() : null;
    }

    private static void show(Session session, long wall, long cpu, boolean includesCompile) {
        String text = (cpu >= 0 ? "CPU time: " + Stats.format(cpu) + ", " : "") + "Wall time: " + Stats.format(wall)
                + (includesCompile ? " (includes compiling the snippets)" : "");
        session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, text).put(MimeBundle.TEXT_HTML,
                String.format(Locale.ROOT, "<pre class=\"jb-time\">%s</pre>", jitbook.magics.render.Html.escape(text))));
    }
}
