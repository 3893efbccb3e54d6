package jitbook.passes;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jitbook.exec.Executable;
import jitbook.exec.Interpreter;
import jitbook.exec.ScriptObject;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;

/**
 * Replaces {@code prim::CallFunction[name=f](args)} by a copy of f's graph when the context
 * knows f ({@link PassContext#function}), so later passes see across the call. Calls made by
 * inlined bodies are inlined too, up to a depth that stops recursive functions.
 *
 * <p>{@link #inlineCalls} also inlines {@code prim::CallMethod} on submodules, as TorchScript
 * inlines by default: module executors run it before optimizing (so fusion crosses submodule
 * boundaries without freezing) and autodiff before differentiating (so one graph holds every op
 * a gradient passes through).
 */
public final class Inliner implements Pass {
    private static final int MAX_DEPTH = 8;

    /** Finds the graph of a method of an object (null when unknown), for inlining its calls. */
    @FunctionalInterface
    public interface MethodGraphs {
        Graph graph(ScriptObject object, String method);
    }

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

    /**
     * A copy of {@code g} with its calls inlined (or {@code g} itself when it makes none):
     * {@code prim::CallMethod} on objects reached from {@code self} (the module the graph will run
     * on, input 0) by attribute reads, whose method graph {@code methods} knows (or whose method
     * is an interpreter), and {@code prim::CallFunction} whose callee graph {@code functions}
     * knows; either may be null. The objects are those attributes hold now: whoever caches the
     * result must drop it when a submodule attribute is replaced. Calls that cannot be resolved stay.
     */
    public static Graph inlineCalls(Graph g, ScriptObject self, MethodGraphs methods, Function<String, Graph> functions) {
        if (!hasCalls(g)) return g;
        Graph c = g.copy();
        for (int depth = 0; depth < MAX_DEPTH && inlineResolvable(c, self, methods, functions); depth++) {
            if (!hasCalls(c)) break;
        }
        return c;
    }

    private static boolean hasCalls(Graph g) {
        for (Node n : g.allNodes()) {
            if (n.is(Prim.CALL_METHOD) || n.is(Prim.CALL_FUNCTION)) return true;
        }
        return false;
    }

    /** Inlines every call resolvable now, once; true if something was inlined. */
    private static boolean inlineResolvable(Graph g, ScriptObject self, MethodGraphs methods, Function<String, Graph> functions) {
        Map<Value, ScriptObject> objects = new IdentityHashMap<>();
        if (self != null && !g.inputs().isEmpty() && g.inputs().get(0).type() instanceof Type.ClassType) {
            objects.put(g.inputs().get(0), self);
        }
        Map<Node, Graph> calls = new HashMap<>();
        for (Node n : g.allNodes()) {
            if (n.is(Prim.GET_ATTR) && objects.containsKey(n.input(0))) {
                Object o;
                try {
                    o = objects.get(n.input(0)).runtimeAttr((String) n.attr(Node.NAME));
                } catch (RuntimeException e) {
                    o = null; // an attribute that does not exist now: the call stays and fails (or not) at run time
                }
                if (o instanceof ScriptObject) objects.put(n.output(), (ScriptObject) o);
            } else if (n.is(Prim.CALL_METHOD) && objects.containsKey(n.input(0))) {
                ScriptObject o = objects.get(n.input(0));
                String name = (String) n.attr(Node.NAME);
                Graph callee = methods == null ? null : methods.graph(o, name);
                if (callee == null) {
                    Executable m = o.method(name);
                    if (m instanceof Interpreter) callee = ((Interpreter) m).graph();
                }
                if (callee != null) calls.put(n, callee);
            } else if (n.is(Prim.CALL_FUNCTION) && functions != null) {
                Graph callee = functions.apply((String) n.attr(Node.NAME));
                if (callee != null) calls.put(n, callee);
            }
        }
        boolean inlined = false;
        for (Map.Entry<Node, Graph> e : calls.entrySet()) {
            Node call = e.getKey();
            Graph callee = e.getValue();
            if (callee.inputs().size() != call.inputs().size() || callee.outputs().size() != call.outputs().size()) continue;
            inlineCall(call, callee);
            inlined = true;
        }
        return inlined;
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
