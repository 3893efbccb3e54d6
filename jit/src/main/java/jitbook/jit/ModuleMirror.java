package jitbook.jit;

import java.util.Map;

import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/**
 * Builds a {@link ScriptModule}'s attribute tree from an eager module: the same tensor objects
 * (so training either is seen by both), one script submodule per child, and the training flag.
 */
public final class ModuleMirror {
    private ModuleMirror() {
    }

    static ScriptModule of(Module m) {
        return of(m, (module, mirror) -> { });
    }

    /**
     * Mirrors {@code m}, telling {@code each} every (module, mirror) pair, so that the script
     * compiler can add what it knows of each class (plain fields, methods). Lists of submodules
     * become {@code ModuleList} submodules named as their fields, their elements named by index.
     */
    public static ScriptModule of(Module m, java.util.function.BiConsumer<Module, ScriptModule> each) {
        ScriptModule sm = new ScriptModule(m.getClass().getSimpleName());
        Map<String, Module> children = m.namedChildren();
        addTensors(sm, m.namedParameters());
        addTensors(sm, m.namedBuffers());
        for (Map.Entry<String, Module> c : children.entrySet()) {
            String[] path = c.getKey().split("\\.");
            ScriptModule parent = sm;
            for (int i = 0; i < path.length - 1; i++) parent = child(parent, path[i], "ModuleList");
            ScriptModule mirrored = of(c.getValue(), each);
            Object existing = parent.attribute(path[path.length - 1]);
            if (existing instanceof ScriptModule) {
                // Created earlier as a placeholder by a nested tensor path: copy what it gathered.
                for (Map.Entry<String, Object> a : ((ScriptModule) existing).attributes().entrySet()) {
                    if (mirrored.attribute(a.getKey()) == null) mirrored.register(a.getKey(), a.getValue());
                }
            }
            parent.register(path[path.length - 1], mirrored);
        }
        each.accept(m, sm);
        sm.train(m.isTraining());
        return sm;
    }

    /** Registers only the tensors that sit directly on this module (dotted names belong to children). */
    private static void addTensors(ScriptModule sm, Map<String, Tensor> named) {
        for (Map.Entry<String, Tensor> e : named.entrySet()) {
            if (!e.getKey().contains(".")) sm.register(e.getKey(), e.getValue());
        }
    }

    private static ScriptModule child(ScriptModule parent, String name, String className) {
        Object v = parent.attribute(name);
        if (v instanceof ScriptModule) return (ScriptModule) v;
        ScriptModule c = new ScriptModule(className);
        parent.register(name, c);
        return c;
    }
}
