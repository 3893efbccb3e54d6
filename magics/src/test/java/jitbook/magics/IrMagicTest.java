package jitbook.magics;

import static jitbook.magics.Sessions.cell;
import static jitbook.magics.Sessions.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jitbook.magics.display.MimeBundle;

/** %ir and its views against a real session. */
class IrMagicTest {
    @BeforeAll
    static void functions() {
        java("Tensor ix = Tensors.tensor(new float[] {0.1f, 0.2f, 0.3f, 0.4f});");
        cell("%%script\nTensor irLoop(Tensor x, int n) {\n    Tensor y = x;\n    for (int i = 0; i < n; i++) {\n"
                + "        if (i > 1) {\n            y = y.tanh();\n        } else {\n            y = y.mul(2.0);\n        }\n    }\n    return y;\n}").ok();
        cell("%%trace irChain(ix) --runs 2\nix.mul(2.0).add(1.0).tanh().sigmoid()").ok();
    }

    @Test
    void showsTheGraphAsCompiledOptimizedAndBackward() {
        String html = cell("%ir irLoop").ok().html();
        assertTrue(html.contains("prim::Loop") && html.contains("prim::If") && html.contains("as compiled"), html);
        String opt = cell("%ir irChain --optimized").ok().html();
        assertTrue(opt.contains("prim::FusionGroup") && opt.contains("(optimized)"), opt);
        String back = cell("%ir irChain --backward").ok().text();
        assertTrue(back.contains("(backward)") && back.contains("graph("), back);
    }

    @Test
    void fusedShowsTheFusionGroups() {
        Sessions.Run run = cell("%ir irChain --fused").ok();
        assertTrue(run.html().contains("fusion group 1") && run.html().contains("tensor::sigmoid"), run.html());
    }

    @Test
    void pictureIsAnSvgWithNestedBoxesForBlocks() {
        Sessions.Run run = cell("%ir irLoop --picture").ok();
        MimeBundle b = run.shown().get(0);
        String svg = (String) b.get(MimeBundle.IMAGE_SVG);
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"), svg);
        assertTrue(svg.contains("class=\"node group\"") && svg.contains("class=\"node block\""), "If/Loop drawn as boxes with block boxes");
        assertTrue(svg.contains("prim::Loop") && svg.contains("prim::If") && svg.contains("class=\"edge\""), svg);
        assertTrue(b.get(MimeBundle.TEXT_PLAIN).toString().contains("prim::Loop"));
    }

    /** The PNG twin (for untrusted notebooks and nbconvert's HTML, which drop SVG): the same picture, drawn at twice its size. */
    @Test
    void pictureHasAPngOfTheSameSize() throws Exception {
        MimeBundle b = cell("%ir irLoop --picture").ok().shown().get(0);
        String svg = (String) b.get(MimeBundle.IMAGE_SVG);
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
        assertTrue(size.find(), svg);
        byte[] bytes = java.util.Base64.getDecoder().decode((String) b.get(MimeBundle.IMAGE_PNG));
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        int w = Integer.parseInt(size.group(1));
        int h = Integer.parseInt(size.group(2));
        assertTrue(Math.abs(png.getWidth() - 2 * w) <= 2 && Math.abs(png.getHeight() - 2 * h) <= 2, png.getWidth() + "x" + png.getHeight() + " for " + w + "x" + h);
        assertEquals(java.util.Map.of("width", w, "height", h), b.metadata().get(MimeBundle.IMAGE_PNG));
        // Boxes and text were drawn: far from a blank image (blue op boxes, dark text).
        int drawn = 0;
        for (int y = 0; y < png.getHeight(); y += 2) {
            for (int x = 0; x < png.getWidth(); x += 2) {
                if (png.getRGB(x, y) != 0xFFFFFFFF) drawn++;
            }
        }
        assertTrue(drawn > png.getWidth() * png.getHeight() / 4 / 20, "only " + drawn + " drawn pixels");
    }

    @Test
    void errors() {
        assertEquals("NameError", cell("%ir irLop").error().ename());
        assertTrue(cell("%ir irLop").error().getMessage().contains("did you mean irLoop"));
        assertEquals("TypeError", cell("%ir ix").error().ename());
        assertTrue(cell("%ir irLoop --optimized --backward").error().getMessage().contains("choose one"));
    }
}
