package jitbook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The textual exit guard: calls in code, not in comments or literals. */
class ExitGuardTest {
    @Test
    void exitGuardFindsRealCallsOnly() {
        assertNotNull(ExitGuard.check("int x = 1;\nSystem . exit(3);"));
        assertEquals(1, ExitGuard.check("int x = 1;\nSystem.exit(3);").line());
        assertNotNull(ExitGuard.check("Runtime.getRuntime().halt(0)"));
        assertNotNull(ExitGuard.check("var r = Runtime.getRuntime();\nr.exit(1);"));
        assertNotNull(ExitGuard.check("import static java.lang.System.exit;"));
        assertNull(ExitGuard.check("// System.exit(0)\n\"System.exit(0)\""));
        assertNull(ExitGuard.check("void exit(int c) {}\nexit(2);"));
    }
}
