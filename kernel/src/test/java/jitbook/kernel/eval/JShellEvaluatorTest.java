package jitbook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator in this JVM: values are live objects of the kernel's own classes. */
class JShellEvaluatorTest {
    static JShellEvaluator ev;

    @BeforeAll
    static void start() {
        ev = JShellEvaluator.start(DefaultImports.forClasspath());
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void lastExpressionIsTheLiveObjectFromTheSharedClassLoader() {
        CellResult r = ev.execute("var sb = new StringBuilder(\"a\");\nsb.append(\"b\")", 1);
        assertTrue(r.ok() && r.hasValue());
        assertEquals("ab", r.value().toString());
        // A class of the kernel's own class path is the same class inside the session.
        CellResult k = ev.execute("jitbook.kernel.eval.CellResult.class", 2);
        assertSame(CellResult.class, k.value());
        CellResult h = ev.execute("html(\"<b>x</b>\")", 3); // static default import of Display
        assertEquals(jitbook.magics.display.MimeBundle.class, h.value().getClass());
    }

    @Test
    void declarationsAndSemicolonsShowNoValueButKeepState() {
        assertFalse(ev.execute("int kept = 5", 4).hasValue());
        assertFalse(ev.execute("kept * 2;", 5).hasValue());
        assertFalse(ev.execute("kept * 2; // a comment after the semicolon", 5).hasValue());
        assertEquals(10, ev.execute("kept * 2", 6).value());
        assertEquals(10, ev.execute("kept * 2\n// a trailing comment", 6).value());
    }

    @Test
    void errorsPointAtCellLines() {
        CellResult c = ev.execute("int a = 1;\n\nint b = nope;", 7);
        assertEquals("CompileError", c.error().ename());
        assertTrue(String.join("\n", c.error().traceback()).contains("cell [7], line 3"), c.error().traceback()::toString);
        CellResult e = ev.execute("int q = 0;\nint z = 1 / q;", 8);
        assertEquals("java.lang.ArithmeticException", e.error().ename());
        assertTrue(String.join("\n", e.error().traceback()).contains("cell [8], line 2"), e.error().traceback()::toString);
        assertEquals("java.lang.SecurityException", ev.execute("System.exit(1)", 9).error().ename());
    }

    @Test
    void interruptStopsABusyLoopAndTheSessionSurvives() throws Exception {
        ev.execute("int survivor = 3;", 10);
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            ev.interrupt();
        });
        stopper.start();
        long t0 = System.nanoTime();
        CellResult r = ev.execute("while (true) { }", 11);
        assertEquals("Interrupted", r.error().ename());
        assertTrue((System.nanoTime() - t0) / 1e9 < 2.0);
        assertEquals(3, ev.execute("survivor", 12).value());
    }

    @Test
    void anInterruptWhileASnippetCompilesStillStopsTheLoopAfterIt() throws Exception {
        // The interrupt lands at different points: while compiling, between snippets, in the loop.
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < 6; i++) cell.append("int v").append(i).append(" = ").append(i).append(";\n");
        cell.append("while (true) { }");
        for (int delay : new int[] {20, 60, 120, 250}) {
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ignored) {
                    return;
                }
                ev.interrupt();
            });
            stopper.start();
            long t0 = System.nanoTime();
            CellResult r = ev.execute(cell.toString(), 20);
            stopper.join();
            assertEquals("Interrupted", r.error().ename(), "delay " + delay);
            assertTrue((System.nanoTime() - t0) / 1e9 < 5.0, "delay " + delay);
        }
    }

    @Test
    void completenessCompletionAndDocs() {
        assertEquals("complete", ev.isComplete("int x = 1;\nx + 1"));
        assertEquals("incomplete", ev.isComplete("void f() {"));
        assertEquals("invalid", ev.isComplete("int x = ;"));
        JShellEvaluator.Completions c = ev.complete("int y = 2;\nMath.ab", 17);
        assertTrue(c.matches().contains("abs("), c.matches()::toString);
        assertEquals(16, c.start());
        assertTrue(ev.inspect("Math.max(", 9).contains("max(int"));
        assertEquals(List.of(), ev.complete("", 0).matches().subList(0, 0));
    }

    /** Issue 20: Jit.script of a class declared earlier in the same cell finds its source (it used to need another cell to succeed first). */
    @Test
    void aClassDeclaredAndScriptedInTheSameCellIsFound() {
        CellResult r = ev.execute("class OneCell extends Module {\n"
                + "    public Tensor forward(Tensor x) { return x.relu().mul(2); }\n"
                + "}\n"
                + "Jit.script(new OneCell()).forward(Tensors.ones(3)).sum().item()", 31);
        assertTrue(r.ok(), () -> String.join("\n", r.error().traceback()));
        assertEquals(6.0, ((Number) r.value()).doubleValue());
    }

    /** A script compile error in a class declared further down a cell names the cell's line, not the snippet's. */
    @Test
    void aScriptErrorInACellsClassNamesTheCellsLine() {
        CellResult r = ev.execute("int unrelated = 1;\n"
                + "class BadCell extends Module {\n"
                + "    public Tensor forward(Tensor x) { return x.mul(new java.util.Random().nextInt()); }\n"
                + "}\n"
                + "Jit.script(new BadCell())", 32);
        assertFalse(r.ok());
        String tb = String.join("\n", r.error().traceback());
        assertTrue(tb.contains("cell [32], line 3") || tb.contains("cell[32]:3"), tb);
    }
}
