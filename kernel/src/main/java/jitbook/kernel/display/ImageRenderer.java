package jitbook.kernel.display;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.display.MimeRenderer;

/**
 * Renders {@link java.awt.image.RenderedImage}s (e.g. a {@code BufferedImage}) as
 * {@code image/png}. The AWT classes load only when an image is actually shown, so a kernel
 * that never draws pays nothing for them.
 */
final class ImageRenderer implements MimeRenderer {
    @Override
    public boolean supports(Object value) {
        return value instanceof java.awt.image.RenderedImage;
    }

    @Override
    public void render(Object value, MimeBundle bundle) {
        java.awt.image.RenderedImage img = (java.awt.image.RenderedImage) value;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
        bundle.put(MimeBundle.IMAGE_PNG, Base64.getEncoder().encodeToString(out.toByteArray()));
        bundle.put(MimeBundle.TEXT_PLAIN, "<image " + img.getWidth() + "x" + img.getHeight() + ">");
    }
}
