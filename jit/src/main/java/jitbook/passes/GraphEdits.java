package jitbook.passes;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.NdArray;

/** Graph surgery shared by passes: splicing blocks, copying bodies, making typed constants. */
public final class GraphEdits {
    private GraphEdits() {
    }

    /**
     * Moves the nodes of {@code b} (owned by {@code owner}) to just before {@code owner} and
     * returns what the block returned. The block is left empty but keeps its returns.
     */
    public static List<Value> spliceBefore(Block b, Node owner) {
        for (Node n : new ArrayList<>(b.nodes())) n.moveBefore(owner);
        return new ArrayList<>(b.returns());
    }

    /**
     * Copies {@code body}'s nodes to just before {@code anchor}, with {@code body}'s parameters
     * (and any other values in {@code map}) read as the mapped values; returns the copies of its
     * returns. Values from outside the body that are not in the map are used as they are (they
     * must belong to {@code anchor}'s graph and dominate it).
     */
    public static List<Value> copyBefore(Block body, Node anchor, Map<Value, Value> map) {
        Block target = anchor.owningBlock();
        Graph g = target.graph();
        Map<Value, Value> m = new OuterIdentity(map, g);
        for (Node n : body.nodes()) {
            Node c = Graph.copyNode(n, target, m);
            c.moveBefore(anchor);
        }
        List<Value> out = new ArrayList<>();
        for (Value r : body.returns()) out.add(m.get(r));
        return out;
    }

    /** Copies {@code body}'s nodes to the end of {@code target} (reads as in {@link #copyBefore}); returns the copies of its returns. */
    public static List<Value> copyAppend(Block body, Block target, Map<Value, Value> map) {
        Map<Value, Value> m = new OuterIdentity(map, target.graph());
        for (Node n : body.nodes()) Graph.copyNode(n, target, m);
        List<Value> out = new ArrayList<>();
        for (Value r : body.returns()) out.add(m.get(r));
        return out;
    }

    /** A map that sends values of graph {@code g} not yet mapped to themselves (outer values a copied body reads). */
    private static final class OuterIdentity extends IdentityHashMap<Value, Value> {
        private final transient Graph g;

        OuterIdentity(Map<Value, Value> init, Graph g) {
            super(init);
            this.g = g;
        }

        @Override
        public Value get(Object key) {
            Value v = super.get(key);
            if (v == null && key instanceof Value && ((Value) key).graph() == g) return (Value) key;
            return v;
        }
    }

    /** Whether {@code v} is a constant (the answer does not look through anything else). */
    public static boolean isConst(Value v) {
        return v.isConstant();
    }

    /** The constant's value as the interpreter would see it (ints as Integer, lists as lists ...). */
    public static Object runtimeConst(Value v) {
        return jitbook.exec.Constants.runtimeValue(v.producer());
    }

    /** Whether the value can be stored as a {@code prim::Constant} and printed back. */
    public static boolean isRepresentable(Object v, Type t) {
        if (v == null) return t == Type.NONE || t instanceof Type.OptionalType;
        if (v instanceof NdArray) return t.isTensor() || t == Type.ANY;
        if (v instanceof Number || v instanceof Boolean) return t.isNumber() || t == Type.BOOL;
        if (v instanceof String) return t == Type.STR;
        if (v instanceof List && t instanceof Type.ListType) {
            Type e = ((Type.ListType) t).element;
            if (!(e.isNumber() || e == Type.BOOL || e == Type.STR)) return false;
            for (Object x : (List<?>) v) {
                if (!isRepresentable(x, e)) return false;
            }
            return true;
        }
        return false;
    }

    /**
     * Inserts a constant holding the runtime value {@code v} at the top of {@code g}, stored in the
     * form the printer writes and the parser reads (ints of their declared width, int lists as
     * {@code long[]}, float lists as {@code double[]}); tensors get their exact type.
     */
    public static Value constant(Graph g, Object v, Type t) {
        if (v instanceof NdArray) {
            NdArray a = (NdArray) v;
            return insertConstant(g, a, new Type.TensorType(a.dtype(), a.shape()));
        }
        if (v instanceof List) {
            Type e = ((Type.ListType) t).element;
            List<?> l = (List<?>) v;
            Object stored;
            if (e.isIntegral() || e == Type.BOOL) {
                long[] a = new long[l.size()];
                for (int i = 0; i < a.length; i++) {
                    Object x = l.get(i);
                    a[i] = x instanceof Boolean ? ((Boolean) x ? 1 : 0) : ((Number) x).longValue();
                }
                stored = a;
            } else if (e.isNumber()) {
                double[] a = new double[l.size()];
                for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).doubleValue();
                stored = a;
            } else {
                stored = new ArrayList<>(l);
            }
            return insertConstant(g, stored, t);
        }
        Object stored = jitbook.exec.RuntimeTypes.coerce(v, t);
        return insertConstant(g, stored, t);
    }

    /** Adds a constant after the constants that start the top block (so it dominates every use, and constants print in the order made). */
    public static Value insertConstant(Graph g, Object value, Type t) {
        Node anchor = null;
        for (Node n : g.block().nodes()) {
            if (!n.is(Prim.CONSTANT)) {
                anchor = n;
                break;
            }
        }
        Node c = anchor == null ? g.block().append(Prim.CONSTANT) : g.block().insertBefore(Prim.CONSTANT, anchor);
        if (value != null) c.setAttr(Node.VALUE, value);
        return c.addOutput(t);
    }

    /** Whether {@code n} is a {@code prim::Constant} whose value is the number {@code x} (a 0-d or all-equal tensor does not count). */
    public static boolean isNumber(Value v, double x) {
        if (!v.isConstant()) return false;
        Object c = v.constantValue();
        if (!(c instanceof Number) || c instanceof Boolean) return false;
        double d = ((Number) c).doubleValue();
        return d == x && (1 / d > 0) == (1 / x > 0);
    }

    public static boolean isKind(Value v, String kind) {
        return v.producer() != null && v.producer().kind().equals(kind);
    }

    /** Replaces every use of the node's outputs with {@code replacements} and removes the node. */
    public static void replaceNode(Node n, List<Value> replacements) {
        for (int i = 0; i < n.outputs().size(); i++) n.outputs().get(i).replaceAllUsesWith(replacements.get(i));
        n.destroy();
    }

    /** Whether {@code inner} is nested, at any depth, in a block of {@code n}. */
    public static boolean isNestedIn(Node inner, Node n) {
        for (Block b : n.blocks()) {
            if (inner.isInside(b)) return true;
        }
        return false;
    }

    static boolean isControl(Node n) {
        return n.is(Prim.IF) || n.is(Prim.LOOP);
    }
}
