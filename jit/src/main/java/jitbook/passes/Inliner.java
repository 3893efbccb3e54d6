package jitbook.passes;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;

/**
 * Replaces {@code prim::CallFunction[name=f](args)} by a copy of f's graph when the context
 * knows f ({@link PassContext#function}), so later passes see across the call. Calls made by
 * inlined bodies are inlined too, up to a depth that stops recursive functions.
 */
public final class Inliner implements Pass {
    private static final int MAX_DEPTH = 8;

    @Override
    public String name() {
        return "inline";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        boolean changed = false;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            boolean round = false;
            for (Node n : graph.allNodes()) {
                if (!n.is(Prim.CALL_FUNCTION)) continue;
                Graph callee = ctx.function((String) n.attr(Node.NAME));
                if (callee == null || callee.inputs().size() != n.inputs().size()
                        || callee.outputs().size() != n.outputs().size()) continue;
                inlineCall(n, callee);
                round = true;
            }
            changed |= round;
            if (!round) break;
        }
        return changed;
    }

    /** Splices a copy of {@code callee} in place of the call node {@code call} (inputs bound to the call's arguments). */
    public static void inlineCall(Node call, Graph callee) {
        inlineCall(call, callee, call.inputs());
    }

    static void inlineCall(Node call, Graph callee, List<Value> args) {
        Map<Value, Value> map = new IdentityHashMap<>();
        for (int i = 0; i < callee.inputs().size(); i++) map.put(callee.inputs().get(i), args.get(i));
        List<Value> results = GraphEdits.copyBefore(callee.block(), call, map);
        GraphEdits.replaceNode(call, results);
    }
}
