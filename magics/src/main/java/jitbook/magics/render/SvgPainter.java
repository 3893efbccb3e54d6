package jitbook.magics.render;

import java.util.Locale;

/** Paints a {@link GraphPicture} as SVG text: boxes, labels, and edges ending in an arrow head. */
final class SvgPainter implements GraphPicture.Painter {
    private final StringBuilder sb = new StringBuilder();

    @Override
    public void begin(double w, double h) {
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"jb-graph\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"monospace\" font-size=\"12\">", w, h, w, h));
        sb.append("<defs><marker id=\"jb-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    }

    @Override
    public void box(String kind, double x, double y, double w, double h, String fill, String stroke, boolean dashed) {
        sb.append(String.format(Locale.ROOT, "<g class=\"node %s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" fill=\"%s\" stroke=\"%s\"%s/></g>",
                kind, x, y, w, h, fill, stroke, dashed ? " stroke-dasharray=\"4 3\"" : ""));
    }

    @Override
    public void text(double x, double y, boolean centered, String color, boolean bold, String text) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>", x, y,
                centered ? "middle" : "start", color, bold ? " font-weight=\"bold\"" : "", Html.escape(text)));
    }

    @Override
    public void edge(double[] xs, double[] ys) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < xs.length; i++) d.append(String.format(Locale.ROOT, "%s %.1f %.1f", i == 0 ? "M" : " L", xs[i], ys[i]));
        sb.append("<path class=\"edge\" d=\"").append(d).append("\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\" marker-end=\"url(#jb-arrow)\"/>");
    }

    String result() {
        return sb + "</svg>";
    }
}
