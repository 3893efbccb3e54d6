package jitbook.passes;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;

/**
 * A may-alias analysis for mutable containers (lists, dicts, objects), coarse and sound: values
 * that may be the same container, or contain one another, fall into one set (union-find over
 * If/Loop/FusionGroup plumbing, casts, construct/unpack and element reads). A set
 * <em>escapes</em> when code this graph does not see could read or change it: graph inputs,
 * attribute reads, calls, attribute writes and any node not known to only read. Each set lists
 * the nodes that mutate it. Built once per pass run; passes that rewrite rebuild it.
 */
public final class AliasAnalysis {
    private final Map<Value, Value> parent = new IdentityHashMap<>();
    private final Map<Value, Boolean> escaped = new IdentityHashMap<>();
    private final Map<Value, List<Node>> mutators = new IdentityHashMap<>();

    private AliasAnalysis() {
    }

    public static AliasAnalysis of(Graph g) {
        AliasAnalysis a = new AliasAnalysis();
        for (Value in : g.inputs()) a.escape(in);
        a.block(g.block());
        for (Node n : g.allNodes()) {
            int m = Effects.mutatedInput(n);
            if (m >= 0 && m < n.inputs().size()) a.mutators.computeIfAbsent(a.find(n.input(m)), k -> new ArrayList<>()).add(n);
        }
        return a;
    }

    private void block(Block b) {
        for (Node n : b.nodes()) {
            node(n);
            for (Block inner : n.blocks()) block(inner);
        }
    }

    private void node(Node n) {
        if (n.is(Prim.IF)) {
            for (Block b : n.blocks()) {
                for (int i = 0; i < n.outputs().size() && i < b.returns().size(); i++) union(n.outputs().get(i), b.returns().get(i));
            }
            return;
        }
        if (n.is(Prim.LOOP)) {
            Block body = n.blocks().get(0);
            for (int i = 0; i < n.outputs().size(); i++) {
                Value out = n.outputs().get(i);
                union(out, n.input(i + 2));
                if (i + 1 < body.params().size()) union(out, body.params().get(i + 1));
                if (i + 1 < body.returns().size()) union(out, body.returns().get(i + 1));
            }
            return;
        }
        if (n.is(Prim.FUSION_GROUP)) {
            Block body = n.blocks().get(0);
            for (int i = 0; i < n.inputs().size() && i < body.params().size(); i++) union(n.input(i), body.params().get(i));
            for (int i = 0; i < n.outputs().size() && i < body.returns().size(); i++) union(n.outputs().get(i), body.returns().get(i));
            return;
        }
        if (n.is(Prim.CONSTANT)) return;
        int m = Effects.mutatedInput(n);
        boolean known = m >= 0 || Effects.onlyReadsContainers(n) || Effects.hasNoEffect(n);
        // Containment and pass-through: results may be (or hold) the containers given as inputs.
        Value first = null;
        for (Value v : n.inputs()) {
            if (!Effects.isMutableType(v.type())) continue;
            if (!known) escape(v);
            if (first == null) first = v; else union(first, v);
        }
        for (Value o : n.outputs()) {
            if (!Effects.isMutableType(o.type())) continue;
            // A container that refuses changes: every change attempted on it throws, so each must stay.
            if (n.is(Prim.GET_ATTR) || !known || Effects.isUnmodifiable(n)) escape(o);
            if (first != null) union(first, o);
        }
    }

    private Value find(Value v) {
        Value p = parent.get(v);
        if (p == null) return v;
        Value r = find(p);
        if (r != p) parent.put(v, r);
        return r;
    }

    private void union(Value a, Value b) {
        Value ra = find(a);
        Value rb = find(b);
        if (ra == rb) return;
        parent.put(ra, rb);
        if (escaped.containsKey(ra)) escaped.put(rb, true);
    }

    private void escape(Value v) {
        escaped.put(find(v), true);
    }

    /** Whether the two values may be (parts of) the same container. */
    public boolean mayAlias(Value a, Value b) {
        return find(a) == find(b);
    }

    /** Whether code outside this graph may see or change the container {@code v}. */
    public boolean escapes(Value v) {
        return escaped.containsKey(find(v));
    }

    /** Nodes that mutate the container {@code v} or one that may alias it. */
    public List<Node> mutatorsOf(Value v) {
        return mutators.getOrDefault(find(v), List.of());
    }

    /** A container that nothing mutates and nothing outside the graph can reach. */
    public boolean isImmutableHere(Value v) {
        return !escapes(v) && mutatorsOf(v).isEmpty();
    }

    /** A key shared by all values of one alias set. */
    public Object setKey(Value v) {
        return find(v);
    }
}
