package jitbook.magics.render;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;

/**
 * Draws a graph as SVG, laid out by the Eclipse Layout Kernel's layered algorithm (top to
 * bottom, orthogonal edges). Each node is a box naming its op and output types; an If, Loop or
 * FusionGroup is a box holding one nested box per block, with the block's parameters at its top
 * and its results at its bottom; edges run from the node that defines a value to each node that
 * uses it, across block boundaries too. Constants are written into their users' labels rather
 * than drawn, so the picture shows the data flow. One layout is painted as SVG ({@link SvgPainter})
 * or PNG ({@link PngPainter}).
 */
public final class GraphPicture {
    private static final double CHAR_W = 7.2;
    private static final double LINE_H = 15;
    private static final double PAD = 8;

    private final Map<Object, ElkNode> boxes = new IdentityHashMap<>();
    private final Map<ElkNode, String[]> labels = new IdentityHashMap<>();
    private final Map<ElkNode, String> kinds = new IdentityHashMap<>();
    private final Map<Value, ElkNode> producers = new IdentityHashMap<>();

    private GraphPicture() {
    }

    /** The SVG picture of {@code g}. */
    public static String svg(Graph g) {
        SvgPainter svg = new SvgPainter();
        layout(g).paint(svg);
        return svg.result();
    }

    /**
     * The SVG and a PNG drawn at {@code pngScale} times the layout size, from one layout: the PNG
     * is what front ends show where they drop SVG (Notebook's untrusted outputs, nbconvert's HTML).
     */
    public static Pictures both(Graph g, double pngScale) {
        GraphPicture p = layout(g);
        SvgPainter svg = new SvgPainter();
        p.paint(svg);
        PngPainter png = new PngPainter(pngScale);
        p.paint(png);
        return new Pictures(svg.result(), png.result());
    }

    /** The SVG text and the PNG of one graph. */
    public record Pictures(String svg, PngPainter.Png png) {
    }

    private ElkNode root;

    private void paint(Painter p) {
        paint(root, p);
    }

    private static GraphPicture layout(Graph g) {
        GraphPicture p = new GraphPicture();
        ElkNode root = ElkGraphUtil.createGraph();
        configure(root);
        ElkNode in = p.leaf(root, "input", "graph(" + names(g.inputs()) + ")", types(g.inputs()));
        for (Value v : g.inputs()) p.producers.put(v, in);
        p.block(root, g.block());
        ElkNode out = p.leaf(root, "output", "return (" + names(g.outputs()) + ")", null);
        for (Value v : g.outputs()) p.edge(v, out);
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        p.root = root;
        return p;
    }

    private static void configure(ElkNode n) {
        n.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
        n.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        n.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        n.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        n.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 22.0);
        n.setProperty(CoreOptions.SPACING_NODE_NODE, 16.0);
        n.setProperty(CoreOptions.PADDING, new ElkPadding(26, 10, 10, 10));
    }

    private void block(ElkNode container, Block b) {
        for (Node n : b.nodes()) {
            if (n.is(Prim.CONSTANT)) continue;
            ElkNode box;
            if (n.blocks().isEmpty()) {
                box = leaf(container, "op", label(n), types(n.outputs()));
            } else {
                box = ElkGraphUtil.createNode(container);
                configure(box);
                labels.put(box, new String[] {label(n) + (n.outputs().isEmpty() ? "" : " → " + types(n.outputs()))});
                kinds.put(box, "group");
                for (int i = 0; i < n.blocks().size(); i++) {
                    Block inner = n.blocks().get(i);
                    ElkNode bb = ElkGraphUtil.createNode(box);
                    configure(bb);
                    labels.put(bb, new String[] {"block" + i});
                    kinds.put(bb, "block");
                    if (!inner.params().isEmpty()) {
                        ElkNode params = leaf(bb, "param", "(" + names(inner.params()) + ")", types(inner.params()));
                        for (Value v : inner.params()) producers.put(v, params);
                    }
                    block(bb, inner);
                    ElkNode ret = leaf(bb, "param", "-> (" + names(inner.returns()) + ")", null);
                    for (Value v : inner.returns()) edge(v, ret);
                }
            }
            for (Value v : n.inputs()) edge(v, box);
            for (Value o : n.outputs()) producers.put(o, box);
        }
    }

    private ElkNode leaf(ElkNode parent, String kind, String title, String sub) {
        ElkNode n = ElkGraphUtil.createNode(parent);
        String[] lines = sub == null || sub.isEmpty() ? new String[] {title} : new String[] {title, sub};
        int chars = 0;
        for (String l : lines) chars = Math.max(chars, l.length());
        n.setDimensions(Math.max(60, chars * CHAR_W + 2 * PAD), lines.length * LINE_H + PAD);
        labels.put(n, lines);
        kinds.put(n, kind);
        return n;
    }

    private void edge(Value v, ElkNode target) {
        ElkNode src = producers.get(v);
        if (src == null || src == target) return; // a constant (shown in the label) or a value from outside
        ElkEdge e = ElkGraphUtil.createSimpleEdge(src, target);
        ElkGraphUtil.updateContainment(e);
    }

    /** The op with its constant arguments written in: {@code tensor::mul(·, 0.5)}. */
    private static String label(Node n) {
        List<String> args = new ArrayList<>();
        boolean anyConst = false;
        for (Value v : n.inputs()) {
            if (v.isConstant() && v.producer() != null && v.producer().is(Prim.CONSTANT)) {
                args.add(constText(v.constantValue()));
                anyConst = true;
            } else {
                args.add("·");
            }
        }
        String attr = n.is(Prim.GET_ATTR) && n.hasAttr(Node.NAME) ? "[" + n.attr(Node.NAME) + "]" : "";
        String k = n.kind() + attr;
        if (!anyConst || args.size() > 6) return k;
        return k + "(" + String.join(", ", args) + ")";
    }

    private static String constText(Object c) {
        if (c == null) return "None";
        if (c instanceof Double || c instanceof Float) return String.format(Locale.ROOT, "%.4g", ((Number) c).doubleValue());
        String s = c instanceof long[] ? java.util.Arrays.toString((long[]) c) : c.toString();
        return s.length() > 14 ? s.substring(0, 12) + "…" : s;
    }

    private static String names(List<Value> vs) {
        List<String> s = new ArrayList<>();
        for (Value v : vs) s.add("%" + v.name());
        return String.join(", ", s);
    }

    private static String types(List<Value> vs) {
        List<String> s = new ArrayList<>();
        for (Value v : vs) s.add(v.type().print());
        String t = String.join(", ", s);
        return t.length() > 48 ? t.substring(0, 46) + "…" : t;
    }

    // ---- drawing ------------------------------------------------------------------------------

    /**
     * What a picture is drawn with: boxes, text and edge paths in layout coordinates. SVG for
     * front ends that render it, PNG where SVG is dropped (untrusted notebooks, nbconvert's HTML).
     */
    interface Painter {
        void begin(double width, double height);

        void box(String kind, double x, double y, double w, double h, String fill, String stroke, boolean dashed);

        void text(double x, double y, boolean centered, String color, boolean bold, String text);

        void edge(double[] xs, double[] ys);
    }

    private void paint(ElkNode root, Painter p) {
        p.begin(root.getWidth(), root.getHeight());
        paintChildren(root, 0, 0, p);
        paintEdges(root, p);
    }

    private void paintChildren(ElkNode parent, double ox, double oy, Painter p) {
        for (ElkNode n : parent.getChildren()) {
            double x = ox + n.getX();
            double y = oy + n.getY();
            String kind = kinds.getOrDefault(n, "op");
            String[] lines = labels.getOrDefault(n, new String[0]);
            String fill;
            String stroke;
            switch (kind) {
                case "group": fill = "#f3f0ff"; stroke = "#6f42c1"; break;
                case "block": fill = "#ffffff"; stroke = "#8c7ae6"; break;
                case "input": case "output": fill = "#e6ffec"; stroke = "#1a7f37"; break;
                case "param": fill = "#f6f8fa"; stroke = "#8c959f"; break;
                default: fill = "#ddf4ff"; stroke = "#0969da";
            }
            p.box(kind, x, y, n.getWidth(), n.getHeight(), fill, stroke, kind.equals("block"));
            boolean container = !n.getChildren().isEmpty() || kind.equals("group") || kind.equals("block");
            for (int i = 0; i < lines.length; i++) {
                double ty = container ? y + 15 : y + PAD / 2 + LINE_H * (i + 1) - 3;
                double tx = container ? x + 6 : x + n.getWidth() / 2;
                String color = i == 0 ? (kind.equals("op") ? "#0b5fa5" : "#24292f") : "#7a3e9d";
                p.text(tx, ty, !container, color, i == 0 && kind.equals("op"), lines[i]);
            }
            paintChildren(n, x, y, p);
        }
    }

    private void paintEdges(ElkNode parent, Painter p) {
        for (ElkEdge e : parent.getContainedEdges()) {
            double[] off = absolute(e.getContainingNode());
            for (ElkEdgeSection s : e.getSections()) {
                List<ElkBendPoint> bends = s.getBendPoints();
                double[] xs = new double[bends.size() + 2];
                double[] ys = new double[bends.size() + 2];
                xs[0] = off[0] + s.getStartX();
                ys[0] = off[1] + s.getStartY();
                for (int i = 0; i < bends.size(); i++) {
                    xs[i + 1] = off[0] + bends.get(i).getX();
                    ys[i + 1] = off[1] + bends.get(i).getY();
                }
                xs[xs.length - 1] = off[0] + s.getEndX();
                ys[ys.length - 1] = off[1] + s.getEndY();
                p.edge(xs, ys);
            }
        }
        for (ElkNode c : parent.getChildren()) paintEdges(c, p);
    }

    private static double[] absolute(ElkNode n) {
        double x = 0;
        double y = 0;
        for (ElkNode p = n; p != null && p.getParent() != null; p = p.getParent()) {
            x += p.getX();
            y += p.getY();
        }
        return new double[] {x, y};
    }
}
