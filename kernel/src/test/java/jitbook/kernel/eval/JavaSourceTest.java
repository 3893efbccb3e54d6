package jitbook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JavaSourceTest {
    @Test
    void blanksCommentsAndLiteralsKeepingPositions() {
        String src = "int a = 1; // System.exit(0)\nString s = \"System.exit(1)\"; /* x\n */ char c = '\"';";
        String code = JavaSource.codeOnly(src);
        assertEquals(src.length(), code.length());
        assertEquals(-1, code.indexOf("exit"));
        assertEquals(src.indexOf("String"), code.indexOf("String"));
        assertEquals(2, code.chars().filter(ch -> ch == '\n').count());
    }

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

    @Test
    void openDepthIgnoresBracesInStrings() {
        assertEquals(1, JavaSource.openDepth("for (int i = 0; i < 3; i++) {"));
        assertEquals(0, JavaSource.openDepth("String s = \"{{{\";"));
        assertEquals(2, JavaSource.openDepth("class A {\n void f() {"));
    }
}
