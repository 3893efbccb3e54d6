package jitbook.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * The evaluator releases what JShell keeps of dropped and overwritten snippets (their class
 * files would otherwise be listed by javac on every later compile), and later cells still see
 * every live declaration.
 */
class SnippetResidueTest {
    @Test
    void classFilesStayBoundedAndLiveDeclarationsKeepWorking() throws Exception {
        try (JShellEvaluator ev = JShellEvaluator.start(DefaultImports.forClasspath())) {
            SnippetResidue residue = residue(ev);
            assertTrue(residue.enabled(), "the test JVM has " + SnippetResidue.ADD_OPENS);
            ev.execute("int g(int k) { return k * 10; }", 1);
            int afterFirstRound = 0;
            for (int i = 0; i < 300; i++) {
                if (i == 150) afterFirstRound = residue.classCount();
                String cell = switch (i % 5) {
                    case 0 -> "1 + " + i;
                    case 1 -> "int v" + (i % 4) + " = " + i + ";";
                    case 2 -> "System.out.print(\"\");";
                    case 3 -> "double y = Math.sqrt(" + i + ");";
                    default -> "Runnable r = () -> g(2);";
                };
                CellResult r = ev.execute(cell, i + 2);
                assertTrue(r.ok(), cell + ": " + r.error());
            }
            // The same cells again leave no more class files behind: only live declarations hold any.
            assertEquals(afterFirstRound, residue.classCount());
            assertEquals("20", ev.execute("g(2)", 200).valueText());
            assertTrue(ev.execute("v0 + v1 + v2 + v3 + y", 201).ok());
            assertTrue(ev.execute("r.run();", 202).ok());
            // A redefined class replaces the old one for later code.
            ev.execute("class A { int x = 5; }", 203);
            ev.execute("class A { int x = 6; }", 204);
            assertEquals("6", ev.execute("new A().x", 205).valueText());
        }
    }

    /**
     * A declaration rejected by the compiler overwrites the one of the same name; the next
     * declaration of that name is compiled to the old one's class names, which are still loaded:
     * the new code must run, not the class the first declaration left there.
     */
    @Test
    void aDeclarationAfterARejectedOneRunsItsOwnCode() throws Exception {
        try (JShellEvaluator ev = JShellEvaluator.start(DefaultImports.forClasspath())) {
            assertTrue(residue(ev).enabled(), "the test JVM has " + SnippetResidue.ADD_OPENS);
            assertTrue(ev.execute("String w = \"first\";", 1).ok());
            assertTrue(!ev.execute("String w = 1;", 2).ok());
            assertTrue(ev.execute("String w = \"third\";", 3).ok());
            assertEquals("\"third\"", ev.execute("w", 4).valueText());
            assertTrue(ev.execute("int m() { return 1; }", 5).ok());
            assertTrue(!ev.execute("int m() { return \"s\"; }", 6).ok());
            assertTrue(ev.execute("int m() { return 3; }", 7).ok());
            assertEquals("3", ev.execute("m()", 8).valueText());
        }
    }

    private static SnippetResidue residue(JShellEvaluator ev) throws ReflectiveOperationException {
        Field f = JShellEvaluator.class.getDeclaredField("residue");
        f.setAccessible(true);
        return (SnippetResidue) f.get(ev);
    }
}
