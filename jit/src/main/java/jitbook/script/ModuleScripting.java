package jitbook.script;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.ir.Type;
import jitbook.jit.ModuleMirror;
import jitbook.jit.ScriptModule;
import jitbook.nn.Module;

/**
 * {@code Jit.script(module)}: compiles a live module's {@code forward} (and every method it
 * reaches) from its class's source, against the instance (see {@link LiveModules}), and builds a
 * {@link ScriptModule} whose attributes are the instance's own parameter tensors, submodules
 * (recursively; lists of submodules as {@code ModuleList} submodules, so their parameters are
 * the module's), plain fields and training flag. Methods of library modules are inlined into
 * their callers; a library module scripted on its own gets its compiled methods as a user one.
 */
final class ModuleScripting {
    private final UnitBuilder unit;

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
        Map<Module, ScriptModule> mirrors = new IdentityHashMap<>();
        ScriptModule root = ModuleMirror.of(m, (module, mirror) -> {
            mirrors.put(module, mirror);
            mirror.setJavaInstance(module);
            registerFields(module, mirror);
        });
        Signature forward = forwardOf(info);
        unit.graphOf(forward, forward.tree, m);
        for (List<Signature> overloads : info.methods.values()) {
            for (Signature s : overloads) {
                if (s.exported && !s.ignored) unit.graphOf(s, s.tree, m);
            }
        }
        attachMethods(m, mirrors);
        root.setSource(info.source.text());
        return root;
    }

    /**
     * The forward a scripted module's {@code forward} is: the primary overload (see
     * {@link ClassInfo#irName}) of the nearest class declaring one, below the library's Module
     * (whose forward only says the module takes other inputs).
     */
    private Signature forwardOf(ClassInfo info) {
        for (ClassInfo c = info; c != null && !(c.parent == null && unit.isLibrarySource(c.source)); c = c.parent) {
            for (Signature s : c.methods.getOrDefault("forward", List.of())) {
                if (c.irName(s).equals("forward")) return s;
            }
        }
        throw new ScriptCompileError(info.name + " has no forward method to compile", null);
    }

    /**
     * Fields the module's class declares beyond parameters and submodules: tensor fields left
     * null (an absent bias, read as None), and numbers, booleans, strings and size arrays (a
     * dropout rate, a hidden size, LayerNorm's normalizedShape) as plain attributes.
     */
    private void registerFields(Module m, ScriptModule sm) {
        ClassInfo info = unit.classInfo(m.getClass().getSimpleName(), null);
        if (info == null) return;
        for (Map.Entry<String, Type> f : info.fields.entrySet()) {
            Type t = f.getValue();
            if (sm.attributes().containsKey(f.getKey())) continue;
            Object v = LiveModules.readField(m, f.getKey());
            if (t.isTensor() && v == null) {
                sm.register(f.getKey(), null);
            } else if ((t.isNumber() || t == Type.BOOL || t == Type.STR) && v != null) {
                sm.register(f.getKey(), jitbook.exec.RuntimeTypes.coerce(v, t));
            } else if (t instanceof Type.ListType && ((Type.ListType) t).element.isIntegral() && (v instanceof long[] || v instanceof int[])) {
                List<Long> sizes = new ArrayList<>();
                if (v instanceof long[]) for (long x : (long[]) v) sizes.add(x);
                else for (int x : (int[]) v) sizes.add((long) x);
                sm.register(f.getKey(), sizes);
            }
        }
    }

    /**
     * Gives every mirrored module the methods compiled for it: those compiled against the
     * instance, else its class's generic ones. Library methods are inlined where they are
     * called, so only a library module scripted on its own keeps them as methods.
     */
    private void attachMethods(Module root, Map<Module, ScriptModule> mirrors) {
        for (Map.Entry<Module, ScriptModule> e : mirrors.entrySet()) {
            Module module = e.getKey();
            ClassInfo info = unit.classInfo(module.getClass().getSimpleName(), null);
            if (info == null) continue;
            List<Map<Signature, Graph>> sources = List.of(unit.compiledFor(module), unit.compiledFor(null));
            for (Map<Signature, Graph> compiled : sources) {
                for (Map.Entry<Signature, Graph> c : compiled.entrySet()) {
                    Signature sig = c.getKey();
                    if (sig.owner == null || !info.isOrExtends(sig.owner.name) || sig.ignored) continue;
                    if (unit.isLibrary(sig) && module != root) continue;
                    String irName = sig.owner.irName(sig);
                    if (!e.getValue().methodNames().contains(irName)) e.getValue().addMethod(irName, c.getValue());
                }
            }
        }
    }
}
