package jitbook.magics;

import static jitbook.magics.Sessions.cell;
import static jitbook.magics.Sessions.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.magics.display.MimeBundle;

/** %lsmagic, %%html, %%markdown, %save, the registry's dispatch and its errors. */
class SimpleMagicsTest {
    @Test
    void lsmagicListsEveryMagic() {
        String text = cell("%lsmagic").ok().text();
        for (String m : new String[] {"%%trace", "%%script", "%ir", "%time", "%%time", "%timeit", "%%timeit", "%lsmagic", "%%html", "%%markdown", "%save"}) {
            assertTrue(text.contains(m + " "), m + " missing:\n" + text);
        }
    }

    @Test
    void htmlAndMarkdownCells() {
        MimeBundle h = cell("%%html\n<b>bold</b>").ok().shown().get(0);
        assertEquals("<b>bold</b>", h.get(MimeBundle.TEXT_HTML));
        MimeBundle m = cell("%%markdown\n# Title\n*x*").ok().shown().get(0);
        assertEquals("# Title\n*x*", m.get(MimeBundle.TEXT_MARKDOWN));
    }

    @Test
    void saveWritesALoadableModule(@TempDir Path dir) throws Exception {
        java("Tensor sv = Tensors.tensor(new float[] {1, 2});\nTensor sw = Tensors.tensor(new float[] {3, 4});");
        cell("%%trace saved(sv) --runs 2\nsv.mul(sw)").ok();
        Path file = dir.resolve("sub/saved.jbm");
        String text = cell("%save saved " + file).ok().text();
        assertTrue(text.contains("saved saved (ScriptModule)") && Files.size(file) > 0, text);
        ScriptModule back = Jit.load(file);
        assertEquals(java("sv.mul(sw)").toString(), back.forward((jitbook.tensor.Tensor) java("sv")).toString());
        assertEquals("TypeError", cell("%save sv " + file).error().ename());
    }

    @Test
    void lineMagicsBeforeJavaCodeLeaveTheCodeWithItsLineNumbers() {
        MagicRegistry.Outcome o = Sessions.registry().run("%lsmagic\nint after = 1;\nafter + 1", Sessions.shared());
        assertTrue(o.ok() && o.handled());
        assertEquals("\nint after = 1;\nafter + 1", o.remainingCode());
        assertFalse(Sessions.registry().run("int plain = 1;", Sessions.shared()).handled());
    }

    @Test
    void unknownMagicsSuggestTheNearestAndNeverCrash() {
        MagicException e = cell("%%trcae f(x)\nx").error();
        assertEquals("UnknownMagic", e.ename());
        assertTrue(e.getMessage().contains("did you mean %%trace"), e.getMessage());
        e = cell("%trace f(x)").error();
        assertTrue(e.getMessage().contains("%%trace is a cell magic"), e.getMessage());
        assertTrue(cell("%").error().getMessage().contains("needs a name"));
        assertTrue(cell("%lsmagic extra").error().getMessage().contains("unexpected extra"));
        assertEquals(2, java("1 + 1"));
    }

    @Test
    void hostsRegisterTheirOwnLineMagics() {
        MagicRegistry r = MagicRegistry.load().register(new BaseMagic("hello", BaseMagic.Kind.LINE, "%hello name", "greets", null) {
            @Override
            public Object run(MagicCall call, Session s) {
                return "hi " + call.argLine();
            }
        });
        MagicRegistry.Outcome o = r.run("%hello you", Sessions.shared());
        assertEquals("hi you", o.value());
    }
}
