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
        Set<String> written = new HashSet<>();
        collectWrites(m, written);
        ScriptModule frozen = new ScriptModule(m.className());
        for (Map.Entry<String, Object> a : m.attributes().entrySet()) frozen.register(a.getKey(), a.getValue());
        for (String name : m.methodNames()) {
            Graph g = m.methodGraph(name).copy();
            Freezer.freeze(g, m, ModuleFreezing::methodOf, written);
            // Recorded tensor types (a trace's example shapes) need not hold for later calls: forget them.
            ShapePropagation.eraseTensorTypes(g);
            PassPipeline.defaultPipeline().recording(false).run(g);
            frozen.addMethod(name, g);
        }
        frozen.train(m.isTraining());
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
