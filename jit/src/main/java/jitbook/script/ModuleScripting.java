package jitbook.script;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.jit.ScriptModule;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/**
 * {@code Jit.script(module)}: compiles a live module's {@code forward} (and every method it
 * reaches) from its class's source, and builds a {@link ScriptModule} whose attributes are the
 * instance's own parameter tensors, submodules (recursively, lists of submodules as lists) and
 * training flag. Methods of library modules are inlined; user submodules get their compiled
 * methods too.
 */
final class ModuleScripting {
    private final UnitBuilder unit;
    private final Map<Module, ScriptModule> mirrors = new IdentityHashMap<>();

    ModuleScripting(UnitBuilder unit) {
        this.unit = unit;
    }

    ScriptModule script(Module m) {
        String name = m.getClass().getSimpleName();
        if (m.getClass().isAnonymousClass()) {
            throw new ScriptCompileError("cannot find the source of an anonymous class (" + m.getClass().getName()
                    + "): declare the module as a named class to script it", null);
        }
        ClassInfo info = unit.classInfo(name, null);
        if (info == null) {
            throw new ScriptCompileError("cannot find the source of " + m.getClass().getName()
                    + ": define it in a notebook cell or %%script cell, or make its .java file reachable (src/main/java, src/test/java)", null);
        }
        if (info.kind != ClassInfo.Kind.MODULE) throw new ScriptCompileError(name + " is not a Module subclass", null);
        ScriptModule root = mirror(m);
        Signature forward = forwardOf(info);
        unit.graphOf(forward, forward.tree);
        for (List<Signature> overloads : info.methods.values()) {
            for (Signature s : overloads) {
                if (s.exported && !s.ignored) unit.graphOf(s, s.tree);
            }
        }
        attachMethods(m, root);
        root.setSource(info.source.text());
        return root;
    }

    private static Signature forwardOf(ClassInfo info) {
        List<Signature> fs = info.methods.get("forward");
        if (fs == null || fs.isEmpty()) throw new ScriptCompileError(info.name + " has no forward method to compile", null);
        return fs.get(0);
    }

    /** The attribute tree of a module: same tensor objects, submodules mirrored, lists of modules as lists. */
    private ScriptModule mirror(Module m) {
        ScriptModule existing = mirrors.get(m);
        if (existing != null) return existing;
        ScriptModule sm = new ScriptModule(m.getClass().getSimpleName());
        sm.setJavaInstance(m);
        mirrors.put(m, sm);
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            if (!e.getKey().contains(".")) sm.register(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Tensor> e : m.namedBuffers().entrySet()) {
            if (!e.getKey().contains(".")) sm.register(e.getKey(), e.getValue());
        }
        Map<String, List<ScriptModule>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, Module> c : m.namedChildren().entrySet()) {
            String key = c.getKey();
            int dot = key.indexOf('.');
            if (dot < 0) {
                sm.register(key, mirror(c.getValue()));
            } else {
                lists.computeIfAbsent(key.substring(0, dot), k -> new ArrayList<>()).add(mirror(c.getValue()));
            }
        }
        for (Map.Entry<String, List<ScriptModule>> l : lists.entrySet()) sm.register(l.getKey(), l.getValue());
        registerNullTensorFields(m, sm);
        registerPlainFields(m, sm);
        sm.train(m.isTraining());
        return sm;
    }

    /** Tensor fields left null (an absent bias) still exist as attributes, read as None. */
    private void registerNullTensorFields(Module m, ScriptModule sm) {
        ClassInfo info = unit.classInfo(m.getClass().getSimpleName(), null);
        if (info == null) return;
        for (Map.Entry<String, jitbook.ir.Type> f : info.fields.entrySet()) {
            if (f.getValue().isTensor() && sm.attribute(f.getKey()) == null && !sm.attributes().containsKey(f.getKey())) {
                sm.register(f.getKey(), null);
            }
        }
    }

    /** Numbers, booleans and strings the module's class declares (a dropout rate, a hidden size) become attributes. */
    private void registerPlainFields(Module m, ScriptModule sm) {
        ClassInfo info = unit.classInfo(m.getClass().getSimpleName(), null);
        if (info == null) return;
        for (Map.Entry<String, jitbook.ir.Type> f : info.fields.entrySet()) {
            jitbook.ir.Type t = f.getValue();
            if (!(t.isNumber() || t == jitbook.ir.Type.BOOL || t == jitbook.ir.Type.STR) || sm.attributes().containsKey(f.getKey())) continue;
            Object v = readField(m, f.getKey());
            if (v != null) sm.register(f.getKey(), jitbook.exec.RuntimeTypes.coerce(v, t));
        }
    }

    private static Object readField(Object o, String name) {
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ScriptCompileError("cannot read field " + name + " of " + o.getClass().getSimpleName() + ": " + e.getMessage(), null);
            }
        }
        return null;
    }

    /** Gives every mirrored module the compiled methods of its class. */
    private void attachMethods(Module m, ScriptModule root) {
        for (Map.Entry<Module, ScriptModule> e : mirrors.entrySet()) {
            ClassInfo info = unit.classInfo(e.getKey().getClass().getSimpleName(), null);
            if (info == null) continue;
            for (Map.Entry<Signature, Graph> c : unit.compiledGraphs().entrySet()) {
                if (c.getKey().owner == info && !unit.isLibrary(c.getKey()) && !c.getKey().ignored) {
                    e.getValue().addMethod(c.getKey().name, c.getValue());
                }
            }
        }
    }
}
