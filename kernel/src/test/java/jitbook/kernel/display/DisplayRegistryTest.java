package jitbook.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import jitbook.magics.display.Display;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.display.MimeRenderer;
import org.junit.jupiter.api.Test;

class DisplayRegistryTest {
    private final DisplayRegistry registry = new DisplayRegistry();

    @Test
    void plainTextAlwaysAndBundlesPassThrough() {
        assertEquals("42", registry.render(42, null).get(MimeBundle.TEXT_PLAIN));
        assertEquals("\"s\"", registry.render("s", "\"s\"").get(MimeBundle.TEXT_PLAIN));
        MimeBundle html = Display.html("<b>x</b>");
        assertSame(html, registry.render(html, "ignored"));
        assertEquals("null", registry.render(null, null).get(MimeBundle.TEXT_PLAIN));
    }

    @Test
    void imagesBecomePng() {
        MimeBundle b = registry.render(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB), null);
        assertNotNull(b.get(MimeBundle.IMAGE_PNG));
        assertEquals("<image 2x2>", b.get(MimeBundle.TEXT_PLAIN));
    }

    @Test
    void runtimeRenderersAddRepresentationsAndHandlesRenderToNothing() {
        record Point(int x, int y) {}
        Display.registerRenderer(new MimeRenderer() {
            @Override
            public boolean supports(Object value) {
                return value instanceof Point;
            }

            @Override
            public void render(Object value, MimeBundle bundle) {
                bundle.put(MimeBundle.TEXT_HTML, "<i>point</i>");
            }
        });
        MimeBundle b = registry.render(new Point(1, 2), null);
        assertEquals("<i>point</i>", b.get(MimeBundle.TEXT_HTML));
        assertEquals("Point[x=1, y=2]", b.get(MimeBundle.TEXT_PLAIN));
        assertNull(registry.render(Display.display("shown on the console sink"), null));
    }
}
