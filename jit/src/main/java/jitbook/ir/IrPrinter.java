package jitbook.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import jitbook.ops.DType;
import jitbook.ops.NdArray;

/**
 * Prints graphs in TorchScript's text form. {@link IrParser} reads exactly this form back, so
 * tests state expected IR as text and saved files reuse it. A canonical mode renames values in
 * definition order, so graphs that differ only in names print the same.
 */
public final class IrPrinter {
    /** Tensor constants with at most this many elements print inline; larger ones print as {@code <Float(..)>} unless a namer is given. */
    public static final int INLINE_TENSOR_LIMIT = 16;

    private final Function<Value, String> names;
    private final Function<NdArray, String> tensorRefs;
    private final StringBuilder out = new StringBuilder();
    private boolean eraseShapes;

    private IrPrinter(Function<Value, String> names, Function<NdArray, String> tensorRefs) {
        this.names = names;
        this.tensorRefs = tensorRefs;
    }

    public static String print(Graph g) {
        return new IrPrinter(Value::name, null).graph(g);
    }

    /** Prints with values renamed {@code %0, %1, ...} in definition order. */
    public static String printCanonical(Graph g) {
        return printCanonical(g, false);
    }

    /**
     * Canonical print; with {@code eraseShapes}, tensor types print their dtype only, so graphs
     * traced from inputs of different sizes compare equal when their structure is the same.
     */
    public static String printCanonical(Graph g, boolean eraseShapes) {
        Map<Value, String> m = new IdentityHashMap<>();
        int[] next = {0};
        for (Value v : g.inputs()) m.put(v, Integer.toString(next[0]++));
        numberBlock(g.block(), m, next);
        IrPrinter p = new IrPrinter(v -> m.getOrDefault(v, v.name()), null);
        p.eraseShapes = eraseShapes;
        return p.graph(g);
    }

    private static void numberBlock(Block b, Map<Value, String> m, int[] next) {
        for (Value p : b.params()) if (!m.containsKey(p)) m.put(p, Integer.toString(next[0]++));
        for (Node n : b.nodes()) {
            for (Value o : n.outputs()) m.put(o, Integer.toString(next[0]++));
            for (Block inner : n.blocks()) numberBlock(inner, m, next);
        }
    }

    /** Prints with every tensor constant written as {@code @name}, the name chosen by {@code tensorRefs} (for saved files). */
    public static String printWithTensorRefs(Graph g, Function<NdArray, String> tensorRefs) {
        return new IrPrinter(Value::name, tensorRefs).graph(g);
    }

    static String printNodeLine(Node n) {
        IrPrinter p = new IrPrinter(Value::name, null);
        p.nodeHeader(n, "");
        return p.out.toString().trim();
    }

    private String graph(Graph g) {
        out.append("graph(").append(params(g.inputs())).append("):\n");
        body(g.block(), "  ");
        out.append("  return (").append(refs(g.outputs())).append(")\n");
        return out.toString();
    }

    private void body(Block b, String indent) {
        for (Node n : b.nodes()) {
            nodeHeader(n, indent);
            for (int i = 0; i < n.blocks().size(); i++) {
                Block inner = n.blocks().get(i);
                out.append(indent).append("  block").append(i).append('(').append(params(inner.params())).append("):\n");
                body(inner, indent + "    ");
                out.append(indent).append("    -> (").append(refs(inner.returns())).append(")\n");
            }
        }
    }

    private void nodeHeader(Node n, String indent) {
        out.append(indent);
        List<String> outs = new ArrayList<>();
        for (Value o : n.outputs()) outs.add("%" + names.apply(o) + " : " + typeText(o.type()));
        if (!outs.isEmpty()) out.append(String.join(", ", outs)).append(' ');
        out.append("= ").append(n.kind());
        if (!n.attrs().isEmpty()) {
            List<String> as = new ArrayList<>();
            for (Map.Entry<String, Object> a : n.attrs().entrySet()) as.add(a.getKey() + "=" + literal(a.getValue()));
            out.append('[').append(String.join(", ", as)).append(']');
        }
        out.append('(').append(refs(n.inputs())).append(")\n");
    }

    private String params(List<Value> vs) {
        List<String> ps = new ArrayList<>();
        for (Value v : vs) ps.add("%" + names.apply(v) + " : " + typeText(v.type()));
        return String.join(", ", ps);
    }

    private String typeText(Type t) {
        if (eraseShapes && t instanceof Type.TensorType) {
            Type.TensorType tt = (Type.TensorType) t;
            return new Type.TensorType(tt.dtype, null).print();
        }
        return t.print();
    }

    private String refs(List<Value> vs) {
        List<String> rs = new ArrayList<>();
        for (Value v : vs) rs.add("%" + names.apply(v));
        return String.join(", ", rs);
    }

    private String literal(Object v) {
        if (v instanceof Boolean) return (Boolean) v ? "1" : "0";
        if (v instanceof Double || v instanceof Float) return number(((Number) v).doubleValue());
        if (v instanceof Number) return v.toString();
        if (v instanceof String) return quote((String) v);
        if (v instanceof long[]) {
            List<String> s = new ArrayList<>();
            for (long x : (long[]) v) s.add(Long.toString(x));
            return "[" + String.join(", ", s) + "]";
        }
        if (v instanceof double[]) {
            List<String> s = new ArrayList<>();
            for (double x : (double[]) v) s.add(number(x));
            return "[" + String.join(", ", s) + "]";
        }
        if (v instanceof List) {
            List<String> s = new ArrayList<>();
            for (Object x : (List<?>) v) s.add(literal(x));
            return "[" + String.join(", ", s) + "]";
        }
        if (v instanceof NdArray) return tensor((NdArray) v);
        if (v instanceof jitbook.ops.EnumValue) {
            jitbook.ops.EnumValue e = (jitbook.ops.EnumValue) v;
            return "Enum<" + e.type() + "." + e.name() + ":" + e.ordinal() + ">";
        }
        throw new IllegalArgumentException("cannot print attribute value of type " + v.getClass().getName());
    }

    private String tensor(NdArray a) {
        String type = new Type.TensorType(a.dtype(), a.shape()).print();
        if (tensorRefs != null) return "@" + tensorRefs.apply(a);
        if (a.numel() > INLINE_TENSOR_LIMIT) return "<" + type + ">";
        List<String> s = new ArrayList<>();
        for (int i = 0; i < a.numel(); i++) {
            if (a.dtype() == DType.BOOL) s.add(a.bools()[i] ? "1" : "0");
            else if (a.dtype() == DType.INT64) s.add(Long.toString(a.getLong(i)));
            else s.add(number(a.getDouble(i)));
        }
        return type + "{" + String.join(", ", s) + "}";
    }

    /** Doubles print so that they read back exactly and never look like ints. */
    static String number(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String s = Double.toString(d);
        return s.toLowerCase(Locale.ROOT);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
