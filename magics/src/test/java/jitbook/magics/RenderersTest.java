package jitbook.magics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.display.MimeRenderer;
import jitbook.magics.render.IrHtml;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** The value renderers the kernel finds by ServiceLoader, the IR highlighter and the argument parser. */
class RenderersTest {
    private static MimeBundle render(Object v) {
        MimeBundle b = MimeBundle.of(MimeBundle.TEXT_PLAIN, String.valueOf(v));
        for (MimeRenderer r : ServiceLoader.load(MimeRenderer.class)) if (r.supports(v)) r.render(v, b);
        return b;
    }

    @Test
    void tensorsRenderAsTablesWithShapeAndDtype() {
        String html = (String) render(Tensors.tensor(new float[] {1, 2.5f, 3, 4})).get(MimeBundle.TEXT_HTML);
        assertTrue(html.contains("<table>") && html.contains("tensor (4) float32") && html.contains("<td>2.5000</td>"), html);
        String big = (String) render(Tensors.zeros(100, 200)).get(MimeBundle.TEXT_HTML);
        assertTrue(big.contains("20000 elements, summarized") && big.contains("…") && big.contains("⋮"), "summarized");
        assertTrue(big.length() < 4000, "large tensors stay small: " + big.length());
        String cube = (String) render(Tensors.ones(2, 2, 2)).get(MimeBundle.TEXT_HTML);
        assertTrue(cube.contains("[1, :, :]"), cube);
    }

    @Test
    void functionsModulesAndGraphsRenderAsHighlightedIr() {
        var f = Jit.script("Tensor k(Tensor x) {\n    return x.relu();\n}");
        String html = (String) render(f).get(MimeBundle.TEXT_HTML);
        assertTrue(html.contains("ScriptFunction") && html.contains("<font class=\"op\" color=\"#0b5fa5\">tensor::relu</font>"), html);
        assertTrue(((String) render(f.graph()).get(MimeBundle.TEXT_HTML)).contains("tensor::relu"));
        var m = Jit.trace(new jitbook.nn.Linear(2, 2), Tensors.ones(1, 2));
        String mh = (String) render(m).get(MimeBundle.TEXT_HTML);
        assertTrue(mh.contains("ScriptModule") && mh.contains("weight"), mh);
    }

    @Test
    void irHighlighterKeepsTheText() {
        String line = "  %y.1 : Float(2, 3) = tensor::add(%x, %c) # comment <tag>";
        String html = IrHtml.line(line);
        assertTrue(html.contains("<font class=\"v\" color=\"#1c6b2f\">%y.1</font>") && html.contains("<font class=\"ty\" color=\"#7a3e9d\">Float(2, 3)</font>")
                && html.contains("<font class=\"op\" color=\"#0b5fa5\">tensor::add</font>") && html.contains("&lt;tag&gt;"), html);
        assertEquals(line, html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">"));
    }

    @Test
    void argumentParser() {
        MagicArgs.Spec spec = MagicArgs.Spec.of("%%x f(a, b) [--check v,...] [--strict] [--runs N]")
                .flags("--strict").options("--check", "--runs").positional(1, 1);
        MagicArgs a = MagicArgs.parse("%%x", "f(a, b) --check p,q --strict --runs=20", spec);
        assertEquals("f(a, b)", a.positional(0));
        assertEquals(List.of("p", "q"), a.listValue("--check"));
        assertTrue(a.flag("--strict"));
        assertEquals(20, a.intValue("--runs", 0, 1, 100));
        MagicException e = org.junit.jupiter.api.Assertions.assertThrows(MagicException.class,
                () -> MagicArgs.parse("%%x", "f(a) --runs", spec));
        assertTrue(e.getMessage().contains("--runs needs a value") && e.getMessage().contains("usage:"), e.getMessage());
        List<String> words = new ArrayList<>(MagicArgs.split("a \"b c\" g(x, [1, 2]) d"));
        assertEquals(List.of("a", "\"b c\"", "g(x, [1, 2])", "d"), words);
    }
}
