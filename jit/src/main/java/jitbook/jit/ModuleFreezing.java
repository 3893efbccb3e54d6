package jitbook.jit;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jitbook.exec.ScriptObject;
import jitbook.ir.Graph;
import jitbook.passes.Freezer;
import jitbook.passes.PassPipeline;
import jitbook.passes.ShapePropagation;

/** {@link Jit#freeze}: a module whose methods have the current attribute values folded in (see {@link Freezer}). */
final class ModuleFreezing {
    private ModuleFreezing() {
    }

    static ScriptModule freeze(ScriptModule m) {
        if (m.isTraining()) {
            throw new IllegalStateException("Jit.freeze is only implemented for modules in eval mode (as torch.jit.freeze):"
                    + " call eval() on the module first");
        }
        Set<String> written = new HashSet<>();
        collectWrites(m, written);
        ScriptModule frozen = new ScriptModule(m.className());
        Set<String> stillRead = new HashSet<>();
        Map<String, Graph> graphs = new java.util.LinkedHashMap<>();
        for (String name : m.methodNames()) {
            Graph g = m.methodGraph(name).copy();
            Freezer.freeze(g, m, ModuleFreezing::methodOf, written);
            // Recorded tensor types (a trace's example shapes) need not hold for later calls: forget them.
            ShapePropagation.eraseTensorTypes(g);
            PassPipeline.defaultPipeline().recording(false).run(g);
            graphs.put(name, g);
            for (jitbook.ir.Node n : g.allNodes()) {
                if (n.is(jitbook.ir.Prim.GET_ATTR) && n.input(0) == g.inputs().get(0)) stillRead.add((String) n.attr(jitbook.ir.Node.NAME));
            }
        }
        // Folded attributes are gone, as in TorchScript: the frozen module has no parameters left to train.
        for (Map.Entry<String, Object> a : m.attributes().entrySet()) {
            if (stillRead.contains(a.getKey()) || written.contains(a.getKey())) frozen.register(a.getKey(), a.getValue());
        }
        for (Map.Entry<String, Graph> e : graphs.entrySet()) frozen.addMethod(e.getKey(), e.getValue());
        frozen.train(false);
        return frozen;
    }

    private static Graph methodOf(ScriptObject o, String method) {
        if (!(o instanceof ScriptModule)) return null;
        ScriptModule sm = (ScriptModule) o;
        return sm.methodNames().contains(method) ? sm.methodGraph(method) : null;
    }

    private static void collectWrites(ScriptModule m, Set<String> into) {
        for (String name : m.methodNames()) Freezer.collectWrites(m.methodGraph(name), into);
        for (Object v : m.attributes().values()) {
            if (v instanceof ScriptModule) collectWrites((ScriptModule) v, into);
        }
    }
}
