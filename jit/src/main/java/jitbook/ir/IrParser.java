package jitbook.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.Shapes;

/**
 * Reads the text {@link IrPrinter} writes back into a {@link Graph}. Errors are
 * {@link IrParseException}s with the line and column. Tensor constants written as
 * {@code @name} are looked up through a resolver (saved files keep them as {@code .npy} entries).
 * The parser checks only syntax and that names are defined before use; run the
 * {@link Verifier} for the rest.
 */
public final class IrParser {
    private final IrLexer lx;
    private final Function<String, NdArray> tensorRefs;
    private final Graph graph = new Graph();
    private final List<Map<String, Value>> scopes = new ArrayList<>();

    private IrParser(String text, Function<String, NdArray> tensorRefs) {
        this.lx = new IrLexer(text);
        this.tensorRefs = tensorRefs;
    }

    public static Graph parse(String text) {
        return parse(text, null);
    }

    public static Graph parse(String text, Function<String, NdArray> tensorRefs) {
        return new IrParser(text, tensorRefs).graph();
    }

    public static Type parseType(String text) {
        return TypeParser.parse(text);
    }

    private Graph graph() {
        lx.expect("graph");
        lx.expect("(");
        scopes.add(new HashMap<>());
        params(graph.block());
        lx.expect(":");
        nodes(graph.block());
        lx.expect("return");
        lx.expect("(");
        for (Value v : refs()) graph.addOutput(v);
        if (!lx.atEnd()) throw lx.error("unexpected text after the graph's return");
        return graph;
    }

    private void params(Block b) {
        if (lx.accept(")")) return;
        do {
            String name = lx.valueName();
            lx.expect(":");
            Type t = TypeParser.parse(lx);
            define(name, b.addParam(name, t));
        } while (lx.accept(","));
        lx.expect(")");
    }

    private void nodes(Block b) {
        while (lx.peek() == '%' || lx.peek() == '=') {
            node(b);
        }
    }

    private void node(Block b) {
        List<String> outNames = new ArrayList<>();
        List<Type> outTypes = new ArrayList<>();
        if (lx.peek() == '%') {
            do {
                outNames.add(lx.valueName());
                lx.expect(":");
                outTypes.add(TypeParser.parse(lx));
            } while (lx.accept(","));
        }
        lx.expect("=");
        String kind = lx.ident();
        if (!kind.contains("::")) throw lx.error("expected an op kind such as tensor::add or prim::If, found '" + kind + "'");
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        if (lx.accept("[")) {
            do {
                String key = lx.ident();
                lx.expect("=");
                attrs.put(key, literal(0));
            } while (lx.accept(","));
            lx.expect("]");
        }
        lx.expect("(");
        List<Value> ins = refs();
        Node n = b.append(kind, ins.toArray(new Value[0]));
        for (int i = 0; i < outNames.size(); i++) {
            Value v = n.addOutput(outNames.get(i), outTypes.get(i));
            if (!v.name().equals(outNames.get(i))) throw lx.error("value %" + outNames.get(i) + " is defined twice");
        }
        for (Map.Entry<String, Object> a : attrs.entrySet()) {
            n.setAttr(a.getKey(), coerce(a.getValue(), kind, outTypes));
        }
        int blockIndex = 0;
        while (lx.lookingAt("block")) {
            // Refused here, before the recursion below: every later stage walks blocks recursively too.
            if (scopes.size() > Verifier.MAX_BLOCK_NESTING) {
                throw lx.error("blocks are nested more than " + Verifier.MAX_BLOCK_NESTING + " deep");
            }
            lx.expect("block" + blockIndex++);
            lx.expect("(");
            Block inner = n.addBlock();
            scopes.add(new HashMap<>());
            params(inner);
            lx.expect(":");
            nodes(inner);
            lx.expect("->");
            lx.expect("(");
            for (Value r : refs()) inner.addReturn(r);
            scopes.remove(scopes.size() - 1);
        }
        for (Value o : n.outputs()) define(o.name(), o);
    }

    /** Constants' values follow their output type: 1/0 for bool, ints of the declared width. */
    private static Object coerce(Object v, String kind, List<Type> outTypes) {
        if (Prim.of(kind) != Prim.CONSTANT || outTypes.size() != 1) return v;
        Type t = outTypes.get(0);
        if (t == Type.BOOL && v instanceof Long) return ((Long) v) != 0;
        if (t == Type.INT && v instanceof Long) return ((Long) v).intValue();
        if (t == Type.FLOAT && v instanceof Number) return ((Number) v).floatValue();
        if (t == Type.DOUBLE && v instanceof Long) return ((Long) v).doubleValue();
        return v;
    }

    private List<Value> refs() {
        List<Value> out = new ArrayList<>();
        if (lx.accept(")")) return out;
        do {
            String name = lx.valueName();
            out.add(lookup(name));
        } while (lx.accept(","));
        lx.expect(")");
        return out;
    }

    private void define(String name, Value v) {
        scopes.get(scopes.size() - 1).put(name, v);
    }

    private Value lookup(String name) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Value v = scopes.get(i).get(name);
            if (v != null) return v;
        }
        throw lx.error("value %" + name + " is used before it is defined (or outside the block that defines it)");
    }

    private Object literal(int depth) {
        char c = lx.peek();
        if (c == '"') return lx.string();
        if (c == '[') return list(depth + 1);
        if (c == '@') {
            lx.expect("@");
            String ref = lx.ident();
            if (tensorRefs == null) throw lx.error("tensor reference @" + ref + " but no tensor table was given");
            NdArray a = tensorRefs.apply(ref);
            if (a == null) throw lx.error("unknown tensor reference @" + ref);
            return a;
        }
        if (lx.accept("Enum<")) {
            // An enum constant, Enum<Color.RED:0>: its enum, name and ordinal.
            String qualified = lx.ident();
            lx.expect(":");
            Number ordinal = lx.number();
            lx.expect(">");
            int dot = qualified.lastIndexOf('.');
            if (dot <= 0) throw lx.error("an enum constant is written Enum<Type.NAME:ordinal>");
            return new jitbook.ops.EnumValue(qualified.substring(0, dot), qualified.substring(dot + 1), ordinal.intValue());
        }
        if (c == '<') throw lx.error("a large tensor constant printed for display (<...>) cannot be read back");
        if (Character.isLetter(c) && !lx.lookingAt("nan") && !lx.lookingAt("inf")) return tensorLiteral();
        return lx.number();
    }

    private Object list(int depth) {
        if (depth > Type.MAX_NESTING) throw lx.error("constant lists are nested more than " + Type.MAX_NESTING + " deep");
        lx.expect("[");
        List<Object> items = new ArrayList<>();
        if (!lx.accept("]")) {
            do {
                items.add(literal(depth));
            } while (lx.accept(","));
            lx.expect("]");
        }
        boolean allLong = items.stream().allMatch(x -> x instanceof Long);
        boolean allNum = items.stream().allMatch(x -> x instanceof Number);
        if (allLong) return items.stream().mapToLong(x -> (Long) x).toArray();
        if (allNum) return items.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        return items;
    }

    private NdArray tensorLiteral() {
        Type t = TypeParser.parse(lx);
        if (!(t instanceof Type.TensorType) || ((Type.TensorType) t).dtype == null || !((Type.TensorType) t).spec().hasShape()) {
            throw lx.error("a tensor constant needs a dtype and a full shape, e.g. Float(2){1.0, 2.0}");
        }
        Type.TensorType tt = (Type.TensorType) t;
        lx.expect("{");
        List<Number> vals = new ArrayList<>();
        if (!lx.accept("}")) {
            do {
                vals.add(lx.number());
            } while (lx.accept(","));
            lx.expect("}");
        }
        int n;
        try {
            n = Shapes.numel(tt.shape);
        } catch (IllegalArgumentException e) {
            throw lx.error("tensor constant of shape " + Shapes.str(tt.shape) + ": " + e.getMessage());
        }
        if (vals.size() != n) throw lx.error("tensor constant of shape " + Shapes.str(tt.shape) + " needs " + n + " values, found " + vals.size());
        NdArray a = NdArray.zeros(tt.dtype, tt.shape);
        for (int i = 0; i < n; i++) {
            if (tt.dtype == DType.INT64) a.setLong(i, vals.get(i).longValue()); else a.setDouble(i, vals.get(i).doubleValue());
        }
        return a;
    }
}
