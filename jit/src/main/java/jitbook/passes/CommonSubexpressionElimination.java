package jitbook.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpTrait;

/**
 * Merges a node into an earlier equal one that dominates it (same kind, attributes, inputs and
 * output types; operands of COMMUTATIVE ops in either order). Only nodes whose result depends on
 * nothing but their inputs take part: PURE registry ops, constants, tuples, casts; container
 * reads only while nothing mutates or leaks the container; attribute reads only in graphs that
 * never write attributes or call out. Fresh containers (ListConstruct ...) never merge: each
 * evaluation makes a new, separately mutable list. Fusion groups are not entered.
 */
public final class CommonSubexpressionElimination implements Pass {
    @Override
    public String name() {
        return "cse";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        AliasAnalysis alias = AliasAnalysis.of(graph);
        boolean attrsStable = true;
        for (Node n : graph.allNodes()) {
            if (n.is(Prim.SET_ATTR) || n.is(Prim.CALL_METHOD) || n.is(Prim.CALL_FUNCTION)) attrsStable = false;
        }
        return block(graph.block(), new Scope(null), alias, attrsStable);
    }

    private boolean block(Block b, Scope parent, AliasAnalysis alias, boolean attrsStable) {
        Scope scope = new Scope(parent);
        boolean changed = false;
        for (Node n : new ArrayList<>(b.nodes())) {
            if (!n.is(Prim.FUSION_GROUP)) {
                for (Block inner : n.blocks()) changed |= block(inner, scope, alias, attrsStable);
            }
            if (!candidate(n, alias, attrsStable)) continue;
            Key key = new Key(n);
            Node earlier = scope.find(key);
            if (earlier == null) {
                scope.map.put(key, n);
                continue;
            }
            GraphEdits.replaceNode(n, new ArrayList<>(earlier.outputs()));
            changed = true;
        }
        return changed;
    }

    private static boolean candidate(Node n, AliasAnalysis alias, boolean attrsStable) {
        if (n.outputs().isEmpty() || !n.blocks().isEmpty()) return false;
        boolean ok = Effects.isPureOp(n) || n.prim() != null && n.prim().effect() == Prim.Effect.VALUE
                || n.is(Prim.GET_ATTR) && attrsStable;
        if (!ok) return false;
        for (Value o : n.outputs()) {
            // A merged node would hand one mutable container to two places that expected two.
            if (Effects.isMutableType(o.type()) && !n.is(Prim.GET_ATTR) && !alias.isImmutableHere(o)) return false;
        }
        if (n.is(Prim.GET_ATTR)) return true;
        for (Value in : n.inputs()) {
            if (Effects.isMutableType(in.type()) && !alias.isImmutableHere(in)) return false;
        }
        return true;
    }

    private static final class Scope {
        final Scope parent;
        final Map<Key, Node> map = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Node find(Key k) {
            for (Scope s = this; s != null; s = s.parent) {
                Node n = s.map.get(k);
                if (n != null) return n;
            }
            return null;
        }
    }

    /** Structural identity of a node: kind, attributes by value, inputs by identity, output types. */
    private static final class Key {
        final Node node;
        final List<Value> inputs;
        final int hash;

        Key(Node n) {
            this.node = n;
            List<Value> ins = new ArrayList<>(n.inputs());
            OpDef d = n.op();
            if (d != null && d.has(OpTrait.COMMUTATIVE) && ins.size() == 2
                    && System.identityHashCode(ins.get(0)) > System.identityHashCode(ins.get(1))) {
                ins = List.of(ins.get(1), ins.get(0));
            }
            this.inputs = ins;
            int h = n.kind().hashCode();
            for (Value v : ins) h = h * 31 + System.identityHashCode(v);
            for (Value o : n.outputs()) h = h * 31 + o.type().hashCode();
            for (Map.Entry<String, Object> a : n.attrs().entrySet()) h = h * 31 + a.getKey().hashCode() + attrHash(a.getValue());
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) return false;
            Key k = (Key) o;
            Node a = node;
            Node b = k.node;
            if (hash != k.hash || !a.kind().equals(b.kind()) || inputs.size() != k.inputs.size()) return false;
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i) != k.inputs.get(i)) return false;
            }
            if (a.outputs().size() != b.outputs().size()) return false;
            for (int i = 0; i < a.outputs().size(); i++) {
                if (!a.outputs().get(i).type().equals(b.outputs().get(i).type())) return false;
            }
            if (!a.attrs().keySet().equals(b.attrs().keySet())) return false;
            for (String key : a.attrs().keySet()) {
                if (!attrEquals(a.attr(key), b.attr(key))) return false;
            }
            return true;
        }
    }

    static int attrHash(Object v) {
        if (v instanceof NdArray) return Arrays.hashCode(((NdArray) v).shape()) * 31 + ((NdArray) v).dtype().hashCode();
        if (v instanceof long[]) return Arrays.hashCode((long[]) v);
        if (v instanceof double[]) return Arrays.hashCode((double[]) v);
        return Objects.hashCode(v);
    }

    /** Attribute equality that tells 0.0 from -0.0 and treats a NaN as equal to itself (bitwise, as values are stored). */
    static boolean attrEquals(Object x, Object y) {
        if (x == y) return true;
        if (x == null || y == null || x.getClass() != y.getClass()) return false;
        if (x instanceof long[]) return Arrays.equals((long[]) x, (long[]) y);
        if (x instanceof double[]) return Arrays.equals((double[]) x, (double[]) y);
        if (x instanceof NdArray) {
            NdArray a = (NdArray) x;
            NdArray b = (NdArray) y;
            if (a.dtype() != b.dtype() || !Arrays.equals(a.shape(), b.shape())) return false;
            Object da = a.data();
            Object db = b.data();
            if (da instanceof float[]) return Arrays.equals((float[]) da, (float[]) db);
            if (da instanceof double[]) return Arrays.equals((double[]) da, (double[]) db);
            if (da instanceof long[]) return Arrays.equals((long[]) da, (long[]) db);
            return Arrays.equals((boolean[]) da, (boolean[]) db);
        }
        if (x instanceof List) {
            List<?> a = (List<?>) x;
            List<?> b = (List<?>) y;
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) {
                if (!attrEquals(a.get(i), b.get(i))) return false;
            }
            return true;
        }
        return x.equals(y);
    }

}
