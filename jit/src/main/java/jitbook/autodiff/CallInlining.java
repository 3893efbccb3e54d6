package jitbook.autodiff;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

import jitbook.exec.Interpreter;
import jitbook.exec.ScriptObject;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;

/**
 * Inlines calls before differentiation, so one graph holds every op a gradient must pass
 * through: {@code prim::CallMethod} on a submodule reached from {@code self} by attribute reads
 * (resolved against the module the graph will run on, whose method graph is inlined) and
 * {@code prim::CallFunction} whose callee graph is known. Calls that cannot be resolved stay;
 * if a gradient needs to pass one, differentiation names it.
 */
final class CallInlining {
    private static final int MAX_DEPTH = 8;

    private CallInlining() {
    }

    /** Finds the graph of a method of an object (null when unknown). */
    interface MethodGraphs {
        Graph graph(ScriptObject object, String method);
    }

    static Graph inline(Graph g, ScriptObject self, MethodGraphs methods, Function<String, Graph> functions) {
        if (!hasCalls(g)) return g;
        Graph c = g.copy();
        // Inlined bodies may call further; recursion stops at a fixed depth.
        for (int depth = 0; depth < MAX_DEPTH && inlineOne(c, self, methods, functions); depth++) {
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

    /** Inlines every resolvable call once; true if something was inlined. */
    private static boolean inlineOne(Graph g, ScriptObject self, MethodGraphs methods, Function<String, Graph> functions) {
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
                    o = null;
                }
                if (o instanceof ScriptObject) objects.put(n.output(), (ScriptObject) o);
            } else if (n.is(Prim.CALL_METHOD) && objects.containsKey(n.input(0))) {
                ScriptObject o = objects.get(n.input(0));
                String name = (String) n.attr(Node.NAME);
                Graph callee = methods == null ? null : methods.graph(o, name);
                if (callee == null && o.method(name) instanceof Interpreter) callee = ((Interpreter) o.method(name)).graph();
                if (callee != null) calls.put(n, callee);
            } else if (n.is(Prim.CALL_FUNCTION) && functions != null) {
                Graph callee = functions.apply((String) n.attr(Node.NAME));
                if (callee != null) calls.put(n, callee);
            }
        }
        for (Map.Entry<Node, Graph> e : calls.entrySet()) inlineCall(e.getKey(), e.getValue());
        return !calls.isEmpty();
    }

    private static void inlineCall(Node call, Graph callee) {
        if (callee.inputs().size() != call.inputs().size() || callee.outputs().size() != call.outputs().size()) return;
        Map<Value, Value> map = new IdentityHashMap<>();
        for (int i = 0; i < callee.inputs().size(); i++) map.put(callee.inputs().get(i), call.input(i));
        for (Node n : callee.block().nodes()) {
            Node copy = Graph.copyNode(n, call.owningBlock(), map);
            copy.moveBefore(call);
        }
        for (int j = 0; j < call.outputs().size(); j++) {
            call.outputs().get(j).replaceAllUsesWith(map.get(callee.outputs().get(j)));
        }
        call.destroy();
    }
}
