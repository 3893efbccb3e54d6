package jitbook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The textual exit guard: calls in code, not in comments or literals. */
class ExitGuardTest {
    @Test
    void exitGuardFindsRealCallsOnly() {
        for (boolean veto : new boolean[] {true, false}) {
            assertNotNull(ExitGuard.check("int x = 1;\nSystem . exit(3);", veto));
            assertEquals(1, ExitGuard.check("int x = 1;\nSystem.exit(3);", veto).line());
            assertNotNull(ExitGuard.check("Runtime.getRuntime().halt(0)", veto));
            assertNotNull(ExitGuard.check("IntConsumer h = Runtime.getRuntime()::halt;", veto));
            assertNotNull(ExitGuard.check("import static java.lang.System.exit;", veto));
            assertNull(ExitGuard.check("// System.exit(0)\n\"System.exit(0)\"", veto));
            assertNull(ExitGuard.check("void exit(int c) {}\nexit(2);", veto));
            // Harmless calls that merely look alike: other objects' exit and halt.
            assertNull(ExitGuard.check("long mem = Runtime.getRuntime().totalMemory();\napp.exit(0);", veto));
            assertNull(ExitGuard.check("job.halt();\nIntConsumer stop = machine::halt;", veto));
        }
    }

    /** A Runtime in a variable: refused in the text only where nothing vetoes the call at run time (Java 24+). */
    @Test
    void runtimeVariablesAreLeftToTheVetoWhereThereIsOne() {
        assertNotNull(ExitGuard.check("var r = Runtime.getRuntime();\nr.exit(1);", false));
        assertNotNull(ExitGuard.check("Runtime r = Runtime.getRuntime();\nr.halt(1);", false));
        assertNotNull(ExitGuard.check("Runtime rt = Runtime.getRuntime(); IntConsumer q = rt::exit;", false));
        assertEquals(1, ExitGuard.check("var r = Runtime.getRuntime();\nr.exit(1);", false).line());
        assertNull(ExitGuard.check("var r = Runtime.getRuntime();\nr.exit(1);", true));
    }
}
