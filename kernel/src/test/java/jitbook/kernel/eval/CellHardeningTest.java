package jitbook.kernel.eval;

import jitbook.magics.JavaText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jshell.Snippet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cell code that used to get past the evaluator's guards, or to break the JShell session for
 * good (issue 13). The end-to-end versions, through the real Jupyter client, are in
 * {@code src/test/python/test_hardening.py}.
 */
class CellHardeningTest {
    static JShellEvaluator ev;

    @BeforeAll
    static void start() {
        ev = JShellEvaluator.start(DefaultImports.forClasspath());
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    private static CellResult.CellError fails(String code) {
        CellResult r = ev.execute(code, 1);
        assertFalse(r.ok(), code.length() > 200 ? code.substring(0, 200) : code);
        return r.error();
    }

    private static Object value(String code) {
        CellResult r = ev.execute(code, 1);
        assertTrue(r.ok(), () -> code + ": " + r.error());
        return r.value();
    }

    @Test
    void exitIsFoundBehindUnicodeEscapesAndMethodReferences() {
        assertNotNull(ExitGuard.check("System.\\u0065xit(0);", false));
        assertNotNull(ExitGuard.check("System.\\uuuu0065xit(0);", false));
        assertNotNull(ExitGuard.check("\\u0053ystem\\u002eexit(0);", false));
        assertNotNull(ExitGuard.check("Runtime.getRuntime().\\u0068alt(0);", false));
        assertNotNull(ExitGuard.check("java.util.function.IntConsumer q = System::exit;", false));
        assertNotNull(ExitGuard.check("java.util.function.IntConsumer q = System :: exit;", false));
        assertNotNull(ExitGuard.check("java.util.function.IntConsumer q = Runtime.getRuntime()::halt;", false));
        assertNotNull(ExitGuard.check("Runtime r = Runtime.getRuntime();\njava.util.function.IntConsumer q = r::exit;", false));
        // An escaped backslash starts no escape, and a string that spells it out is only a string.
        assertNull(ExitGuard.check("String s = \"System.\\\\u0065xit(0)\";", false));
        assertNull(ExitGuard.check("String s = \"\\\\u0065xit\"; s.length()", false));
        assertNull(ExitGuard.check("java.util.function.IntConsumer q = Math::abs;", false));
        assertEquals("java.lang.SecurityException", fails("int n = 1;\nSystem.\\u0065xit(n);").ename());
    }

    @Test
    void unicodeEscapesAreTranslatedAsJavacDoes() {
        assertEquals("System.exit(0);", JavaText.unescapeUnicode("System.\\u0065xit(0);"));
        assertEquals("a\\\\u0065", JavaText.unescapeUnicode("a\\\\u0065"));
        assertEquals("a\\\\e", JavaText.unescapeUnicode("a\\\\\\u0065"));
        assertEquals("\\u00zz", JavaText.unescapeUnicode("\\u00zz"));
        assertEquals("x\\u", JavaText.unescapeUnicode("x\\u"));
    }

    @Test
    void stringConstantsAreMeasuredAsTheClassFileStoresThem() {
        assertEquals(3, JavaText.longestStringConstant("String s = \"abc\";"));
        assertEquals(6, JavaText.longestStringConstant("String s = \"abc\" + \"def\";"));
        assertEquals(6, JavaText.longestStringConstant("String s = \"abc\"\n  + /* more */ \"def\";"));
        assertEquals(3, JavaText.longestStringConstant("String s = \"abc\" + x + \"def\";"));
        assertEquals(2, JavaText.longestStringConstant("String s = \"\\n\\t\";"));
        assertEquals(2, JavaText.longestStringConstant("String s = \"\\0\";"));      // NUL takes 2 bytes
        assertEquals(5, JavaText.longestStringConstant("String s = \"\u00e9\u20ac\";")); // 2 bytes + 3 bytes
        assertEquals(4, JavaText.longestStringConstant("// \"not a string at all\"\nString s = \"abcd\";"));
        assertEquals(5, JavaText.longestStringConstant("String s = \"\"\"\n  abc\"\"\";"));
        assertEquals(0, JavaText.longestStringConstant("char c = '\"'; int x = 1;"));
    }

    @Test
    void aStringConstantTooLongForAClassFileIsRefusedAndTheSessionSurvives() {
        value("int before = 41;");
        String literal = "\"" + "x".repeat(70_000) + "\"";
        for (String code : new String[] {"String big = " + literal + ";", "String big() { return " + literal + "; }",
            "String big = \"" + "y".repeat(40_000) + "\" + \"" + "z".repeat(40_000) + "\";",
            "String big = \"" + "\\u00e9".repeat(40_000) + "\";"}) {
            CellResult.CellError e = fails(code);
            assertEquals("CompileError", e.ename());
            assertTrue(e.evalue().contains("65535"), e.evalue());
        }
        // JShell would otherwise fail every later snippet ("too long for the constant pool").
        assertEquals(42, value("before + 1"));
        assertEquals(65_000, value("\"" + "x".repeat(65_000) + "\".length()"));
    }

    @Test
    void codeTooLargeIsACompileErrorAndLeavesNothingHalfDeclared() {
        CellResult.CellError e = fails("int[] numbers = {" + "1, ".repeat(20_000) + "1};");
        assertEquals("CompileError", e.ename());
        assertTrue(e.evalue().contains("too large"), e.evalue());
        assertEquals("CompileError", fails("numbers.length").ename());
        assertTrue(ev.jshell().snippets().noneMatch(s -> s.source().startsWith("int[] numbers")
                && ev.jshell().status(s).isActive()), "the failed declaration stays in the session");
        assertEquals(3, value("1 + 2"));
    }

    @Test
    void aCompilerStackOverflowIsACompileErrorAndTheSessionSurvives() {
        value("int kept = 7;");
        CellResult.CellError e = fails("(".repeat(5000) + "1" + ")".repeat(5000));
        assertEquals("CompileError", e.ename());
        assertTrue(e.evalue().contains("nested too deeply"), e.evalue());
        assertEquals(8, value("kept + 1"));
    }

    @Test
    void statementsAndExpressionsAreDroppedOnceRunButDeclarationsStay() {
        value("int counter = 0;");
        long before = ev.jshell().snippets().filter(s -> ev.jshell().status(s).isActive()).count();
        for (int i = 0; i < 50; i++) {
            value("counter += 1;");
            value("counter * 2");
            value("if (counter > 1000) throw new IllegalStateException();");
        }
        assertEquals(100, value("counter * 2"));
        long after = ev.jshell().snippets().filter(s -> ev.jshell().status(s).isActive()).count();
        assertEquals(before, after, "statements and expressions are still active snippets");
        // A failing statement is dropped too; its traceback was made first.
        CellResult.CellError e = fails("int d = 0;\nSystem.out.println(10 / d);");
        assertTrue(String.join("\n", e.traceback()).contains("line 2"), e.traceback().toString());
        assertTrue(ev.jshell().snippets().anyMatch(s -> s.kind() == Snippet.Kind.VAR && ev.jshell().status(s).isActive()
                && s.source().startsWith("int counter")), "declarations stay");
    }
}
