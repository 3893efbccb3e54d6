package jitbook.jit;

import java.util.IdentityHashMap;
import java.util.Map;

import jitbook.exec.Executable;
import jitbook.io.ModelWriter;
import jitbook.io.ModuleTree;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.passes.Inliner;
import jitbook.passes.PassContext;

/**
 * Between script modules and {@link jitbook.io}, which reads and writes {@link ModuleTree}s and
 * knows nothing of this package: a function is saved as a module whose forward is the function,
 * its calls inlined; a tree read from a file becomes script modules ready to call.
 */
final class SavedModules {
    private SavedModules() {
    }

    /** Script modules holding what {@code tree} holds: the same tensors, values and graphs, its flags and source. */
    static ScriptModule toScriptModule(ModuleTree tree) {
        ScriptModule sm = new ScriptModule(tree.className());
        // Set before the submodules are registered: train() reaches every submodule, which carry their own flags.
        sm.train(tree.isTraining());
        for (Map.Entry<String, Object> a : tree.attributes().entrySet()) {
            Object v = a.getValue();
            sm.register(a.getKey(), v instanceof ModuleTree ? toScriptModule((ModuleTree) v) : v);
        }
        for (String name : tree.methodNames()) sm.addMethod(name, tree.methodGraph(name));
        sm.setSource(tree.source());
        return sm;
    }

    /** A module of class {@code fn.name()} whose forward takes an (unused) self and then the function's inputs. */
    static ScriptModule asModule(ScriptFunction fn) {
        String cls = ModelWriter.isSavableName(fn.name()) ? fn.name() : "function";
        Graph src = withCallsInlined(fn);
        Graph g = new Graph();
        g.addInput("self", new Type.ClassType(cls));
        Map<Value, Value> map = new IdentityHashMap<>();
        for (Value in : src.inputs()) map.put(in, g.addInput(in.name(), in.type()));
        Graph.copyBlockBody(src.block(), g.block(), map);
        ScriptModule m = new ScriptModule(cls);
        m.train(false);
        m.addMethod("forward", g);
        m.setSource(fn.source());
        return m;
    }

    /**
     * The function's graph with every prim::CallFunction, and every prim::CallMethod on an object
     * of a scripted class, replaced by its callee's body, so the file is self-contained: a loaded
     * module has no compilation unit to find callees or class methods in.
     */
    static Graph withCallsInlined(ScriptFunction fn) {
        boolean calls = fn.graph().allNodes().stream().anyMatch(n -> n.is(Prim.CALL_FUNCTION) || n.is(Prim.CALL_METHOD));
        if (!calls) return fn.graph();
        Graph g = fn.graph().copy();
        java.util.function.Function<String, Graph> graphs = name -> {
            Executable e = fn.functions().apply(name);
            return e instanceof ScriptFunction ? ((ScriptFunction) e).graph() : null;
        };
        PassContext ctx = PassContext.DEFAULT.withFunctions(graphs);
        for (int round = 0; round < 16; round++) {
            boolean changed = new Inliner().run(g, ctx);
            for (Node n : g.allNodes()) {
                if (!n.is(Prim.CALL_METHOD) || !(n.input(0).type() instanceof Type.ClassType)) continue;
                if (n.owningBlock().indexOf(n) < 0) continue;
                Graph callee = graphs.apply(((Type.ClassType) n.input(0).type()).name + "." + n.attr(Node.NAME));
                if (callee == null || callee.inputs().size() != n.inputs().size() || callee.outputs().size() != n.outputs().size()) continue;
                Inliner.inlineCall(n, callee);
                changed = true;
            }
            if (!changed) break;
        }
        for (Node n : g.allNodes()) {
            if (n.is(Prim.CALL_FUNCTION)) {
                throw new IllegalArgumentException("cannot save " + fn.name() + ": it calls " + n.attr(Node.NAME)
                        + ", whose graph is not known (define it in the same compilation unit)");
            }
            if (n.is(Prim.CALL_METHOD) && n.input(0).type() instanceof Type.ClassType) {
                throw new IllegalArgumentException("cannot save " + fn.name() + ": it calls method " + n.attr(Node.NAME)
                        + " of " + n.input(0).type().print() + ", whose graph is not known");
            }
        }
        return g;
    }
}
