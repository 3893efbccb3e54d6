package jitbook.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JavaTextTest {
    @Test
    void blanksCommentsAndLiteralsKeepingPositions() {
        String src = "int a = 1; // System.exit(0)\nString s = \"System.exit(1)\"; /* x\n */ char c = '\"';";
        String code = JavaText.codeOnly(src);
        assertEquals(src.length(), code.length());
        assertEquals(-1, code.indexOf("exit"));
        assertEquals(src.indexOf("String"), code.indexOf("String"));
        assertEquals(2, code.chars().filter(ch -> ch == '\n').count());
    }

    @Test
    void openDepthIgnoresBracesInStrings() {
        assertEquals(1, JavaText.openDepth("for (int i = 0; i < 3; i++) {"));
        assertEquals(0, JavaText.openDepth("String s = \"{{{\";"));
        assertEquals(2, JavaText.openDepth("class A {\n void f() {"));
    }
}
