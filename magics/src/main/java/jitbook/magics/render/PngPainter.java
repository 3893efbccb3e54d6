package jitbook.magics.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

/**
 * Paints a {@link GraphPicture} with Java2D into a PNG, the same boxes, labels and arrows as the
 * SVG, at {@code scale} times the layout size so it stays sharp on high-density screens (front
 * ends show it at the layout size, from the image's width metadata).
 */
public final class PngPainter implements GraphPicture.Painter {
    /** A PNG as base64 (what a Jupyter bundle carries) with the size to show it at, in CSS pixels. */
    public record Png(String base64, int width, int height) {
    }

    private final double scale;
    private BufferedImage image;
    private Graphics2D g;
    private int width;
    private int height;

    PngPainter(double scale) {
        this.scale = scale;
    }

    @Override
    public void begin(double w, double h) {
        width = (int) Math.round(w); // as the SVG's width and height
        height = (int) Math.round(h);
        image = new BufferedImage(Math.max(1, (int) Math.ceil(w * scale)), Math.max(1, (int) Math.ceil(h * scale)), BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(scale, scale);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, (int) Math.ceil(w), (int) Math.ceil(h));
    }

    @Override
    public void box(String kind, double x, double y, double w, double h, String fill, String stroke, boolean dashed) {
        RoundRectangle2D r = new RoundRectangle2D.Double(x, y, w, h, 8, 8);
        g.setColor(Color.decode(fill));
        g.fill(r);
        g.setColor(Color.decode(stroke));
        g.setStroke(dashed ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f) : new BasicStroke(1f));
        g.draw(r);
    }

    @Override
    public void text(double x, double y, boolean centered, String color, boolean bold, String text) {
        g.setFont(new Font(Font.MONOSPACED, bold ? Font.BOLD : Font.PLAIN, 12));
        g.setColor(Color.decode(color));
        double left = centered ? x - g.getFontMetrics().stringWidth(text) / 2.0 : x;
        g.drawString(text, (float) left, (float) y);
    }

    @Override
    public void edge(double[] xs, double[] ys) {
        Path2D.Double line = new Path2D.Double();
        line.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) line.lineTo(xs[i], ys[i]);
        g.setColor(Color.decode("#555555"));
        g.setStroke(new BasicStroke(1.2f));
        g.draw(line);
        int n = xs.length;
        double angle = Math.atan2(ys[n - 1] - ys[n - 2], xs[n - 1] - xs[n - 2]);
        Path2D.Double head = new Path2D.Double();
        head.moveTo(xs[n - 1], ys[n - 1]);
        head.lineTo(xs[n - 1] - 8 * Math.cos(angle - 0.4), ys[n - 1] - 8 * Math.sin(angle - 0.4));
        head.lineTo(xs[n - 1] - 8 * Math.cos(angle + 0.4), ys[n - 1] - 8 * Math.sin(angle + 0.4));
        head.closePath();
        g.fill(head);
    }

    Png result() {
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Png(Base64.getEncoder().encodeToString(out.toByteArray()), width, height);
    }
}
