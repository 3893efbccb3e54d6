package jitbook.passes;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import jitbook.exec.ScriptObject;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.NdArray;

/**
 * Freezing: a method graph of a module, with {@code self} known, becomes a graph of constants.
 * {@code prim::GetAttr} chains from {@code self} are replaced by the attribute values they read
 * now (tensors, numbers, flags such as {@code training}, lists), method calls on known
 * submodules are inlined, and the default pipeline then folds what that made constant (dropout
 * branches in eval mode, for instance). Attributes some method writes ({@code prim::SetAttr})
 * stay attribute reads. The frozen graph keeps {@code self} as its first input, unused, so it is
 * called the same way. Frozen parameters are constants: no gradients flow to them.
 */
public final class Freezer {
    private static final int MAX_ROUNDS = 32;

    private Freezer() {
    }

    /**
     * Freezes {@code g} (rewritten in place) for the object {@code self} (its input 0).
     *
     * @param methodGraph the graph of a method of an object, or null if unknown
     * @param written names of attributes some method writes: never frozen
     */
    public static void freeze(Graph g, ScriptObject self, BiFunction<ScriptObject, String, Graph> methodGraph, Set<String> written) {
        Map<Value, ScriptObject> known = new IdentityHashMap<>();
        known.put(g.inputs().get(0), self);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean changed = false;
            for (Node n : new ArrayList<>(g.allNodes())) {
                if (n.owningBlock().indexOf(n) < 0) continue;
                if (n.is(Prim.GET_ATTR)) {
                    changed |= resolveGetAttr(g, n, known, written);
                } else if (n.is(Prim.CALL_METHOD)) {
                    ScriptObject obj = known.get(n.input(0));
                    Graph callee = obj == null ? null : methodGraph.apply(obj, (String) n.attr(Node.NAME));
                    if (callee != null && callee.inputs().size() == n.inputs().size() && callee.outputs().size() == n.outputs().size()) {
                        for (Node c : callee.allNodes()) {
                            if (c.is(Prim.SET_ATTR)) callee = null;
                            if (callee == null) break;
                        }
                    }
                    if (callee != null && callee.inputs().size() == n.inputs().size() && callee.outputs().size() == n.outputs().size()) {
                        Inliner.inlineCall(n, callee);
                        changed = true;
                    }
                }
            }
            if (!changed) break;
        }
    }

    private static boolean resolveGetAttr(Graph g, Node n, Map<Value, ScriptObject> known, Set<String> written) {
        ScriptObject obj = known.get(n.input(0));
        String name = (String) n.attr(Node.NAME);
        Value out = n.output();
        if (obj == null || written.contains(name) || known.containsKey(out)) return false;
        Object v;
        try {
            v = obj.runtimeAttr(name);
        } catch (RuntimeException e) {
            return false;
        }
        if (v instanceof ScriptObject) {
            known.put(out, (ScriptObject) v);
            return true;
        }
        Type t = out.type();
        if (v instanceof NdArray) {
            NdArray a = (NdArray) v;
            t = new Type.TensorType(a.dtype(), a.shape());
        } else if (v instanceof List && !(t instanceof Type.ListType)) {
            return false;
        }
        if (!GraphEdits.isRepresentable(v, t)) return false;
        Value c = GraphEdits.constant(g, v, t);
        out.replaceAllUsesWith(c);
        n.destroy();
        return true;
    }

    /** Names of attributes written by {@code prim::SetAttr} anywhere in these graphs. */
    public static void collectWrites(Graph g, Set<String> into) {
        for (Node n : g.allNodes()) {
            if (n.is(Prim.SET_ATTR)) into.add((String) n.attr(Node.NAME));
        }
    }
}
