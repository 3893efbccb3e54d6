package jitbook.magics;

import static jitbook.magics.Sessions.cell;
import static jitbook.magics.Sessions.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.magics.timing.Timing;

/** %time, %%time, %timeit, %%timeit against a real session. */
class TimeMagicsTest {
    @Test
    void timeAnExpressionReturnsItsValue() {
        Sessions.Run run = cell("%time 6 * 7").ok();
        assertEquals(42, run.outcome().value());
        assertTrue(run.text().contains("Wall time:") && run.text().contains("CPU time:"), run.text());
        run = cell("%time System.out.print(\"\")").ok();
        assertTrue(run.text().contains("Wall time:"), "a void call is timed as a statement");
    }

    @Test
    void timeADeclarationKeepsTheVariable() {
        cell("%time int timedVar = 5 + 5;").ok();
        assertEquals(10, java("timedVar"));
        Sessions.Run run = cell("%%time\nint cellVar = 3;\ncellVar * 2").ok();
        assertEquals(6, run.outcome().value());
        assertTrue(run.text().contains("Wall time:"));
        assertEquals(3, java("cellVar"));
    }

    @Test
    void timeitReportsMeanAndStdOfRuns() {
        Sessions.Run run = cell("%timeit -n 50 -r 3 Math.sqrt(2.0)").ok();
        assertTrue(run.text().contains("per loop (mean ± std. dev. of 3 runs, 50 loops each)"), run.text());
        run = cell("%%timeit -n 5 -r 2 -o\nint s = 0;\nfor (int i = 0; i < 100; i++) s += i;").ok();
        assertTrue(run.text().contains("of 2 runs, 5 loops each"), run.text());
        assertInstanceOf(Timing.TimeitResult.class, run.outcome().value());
    }

    @Test
    void timeitChoosesTheLoopCountAsIPython() {
        Sessions.Run run = cell("%timeit -r 1 -o Math.abs(-3)").ok();
        Timing.TimeitResult r = (Timing.TimeitResult) run.outcome().value();
        assertTrue(r.loops() >= 1000, "a cheap statement gets many loops: " + r);
        assertTrue(String.valueOf(r.loops()).matches("[125]0*"), "1, 2, 5 × 10^k: " + r.loops());
    }

    @Test
    void errorsInTimedCodeAreCellErrors() {
        MagicException e = cell("%timeit -n 1 -r 1 Integer.parseInt(\"x\")").error();
        assertTrue(e.getMessage().contains("For input string"), e.getMessage());
        assertTrue(cell("%timeit -n zero 1+1").error().getMessage().contains("-n needs a whole number"));
    }
}
