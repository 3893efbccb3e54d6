package jitbook.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jitbook.exec.Executable;
import jitbook.ir.Graph;
import jitbook.jit.ScriptFunction;

/**
 * The result of compiling a source: its functions (compiled on first request, with calls between
 * them resolved here) and its classes, records and enums. {@link #function} gives a callable
 * {@link ScriptFunction}.
 */
public final class CompilationUnit {
    private final UnitBuilder unit;
    private final String source;
    private final Map<String, ScriptFunction> functions = new ConcurrentHashMap<>();

    CompilationUnit(UnitBuilder unit, String source) {
        this.unit = unit;
        this.source = source;
    }

    /** The compiled function {@code name}; compile errors surface here as {@link ScriptCompileError}. */
    public synchronized ScriptFunction function(String name) {
        return ScriptCompiler.guarded(() -> compileFunction(name));
    }

    private ScriptFunction compileFunction(String name) {
        ScriptFunction f = functions.get(name);
        if (f != null) return f;
        Signature sig = unit.function(name);
        if (sig == null) {
            throw new ScriptCompileError("no function " + name + " in this unit" + Calls.suggestions(name, unit.functionNames())
                    + "; it defines " + unit.functionNames(), null);
        }
        Graph g = unit.graphOf(sig, sig.tree);
        f = ScriptFunction.compiled(name, g, this::resolve);
        f.setSource(sig.source.textOf(sig.tree));
        functions.put(name, f);
        return f;
    }

    private final Map<String, ScriptFunction> methods = new ConcurrentHashMap<>();

    /** Resolves a called function ({@code f}) or a method of a scripted class ({@code Point.norm}). */
    private Executable resolve(String qualifiedName) {
        Signature fn = unit.function(qualifiedName);
        if (fn != null && fn.external != null) return fn.external;
        if (fn != null) return function(qualifiedName);
        return methods.computeIfAbsent(qualifiedName, q -> ScriptCompiler.guarded(() -> {
            Signature sig = unit.qualified(q);
            if (sig == null) return null;
            Graph g = unit.graphOf(sig, sig.tree);
            return ScriptFunction.compiled(q, g, this::resolve);
        }));
    }

    /**
     * Creates the module class {@code className} declared in this unit with the given constructor
     * arguments and scripts it: the source is valid Java, so javac compiles it in memory and the
     * constructor runs as plain Java (initializing parameters), then forward is compiled from the
     * same source. Needs a JDK.
     */
    public jitbook.jit.ScriptModule newModule(String className, Object... args) {
        ClassInfo info = unit.classes().get(className);
        if (info == null || info.kind != ClassInfo.Kind.MODULE) {
            throw new ScriptCompileError("no module class " + className + " in this unit" + Calls.suggestions(className, unit.classes().keySet()), null);
        }
        String holder = "__Unit" + Math.abs(System.identityHashCode(this));
        Class<?> outer = InMemoryJavac.compile(holder, InMemoryJavac.wrap(holder, source), getClass().getClassLoader());
        jitbook.nn.Module instance = instantiate(outer, className, args);
        jitbook.jit.ScriptModule sm = new ModuleScripting(unit).script(instance);
        sm.setSource(source);
        return sm;
    }

    private static jitbook.nn.Module instantiate(Class<?> outer, String className, Object[] args) {
        try {
            Class<?> cls = Class.forName(outer.getName() + "$" + className, true, outer.getClassLoader());
            boolean inner = !java.lang.reflect.Modifier.isStatic(cls.getModifiers());
            for (java.lang.reflect.Constructor<?> c : cls.getDeclaredConstructors()) {
                int n = c.getParameterCount() - (inner ? 1 : 0);
                if (n != args.length) continue;
                c.setAccessible(true);
                Object[] full = new Object[c.getParameterCount()];
                if (inner) full[0] = outer.getDeclaredConstructor().newInstance();
                System.arraycopy(args, 0, full, inner ? 1 : 0, args.length);
                try {
                    return (jitbook.nn.Module) c.newInstance(full);
                } catch (IllegalArgumentException wrongTypes) {
                    // another constructor with the same arity may take these arguments
                }
            }
            throw new ScriptCompileError(className + " has no constructor taking " + java.util.Arrays.toString(args), null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new ScriptCompileError(className + "'s constructor threw " + e.getCause(), null);
        } catch (ReflectiveOperationException e) {
            throw new ScriptCompileError("cannot create " + className + ": " + e, null);
        }
    }

    public List<String> functionNames() {
        return new ArrayList<>(unit.functionNames());
    }

    /** The classes, records and enums this unit's source declares (not library classes it loaded). */
    public List<String> classNames() {
        List<String> out = new ArrayList<>();
        for (ClassInfo c : unit.classes().values()) {
            if (!unit.isLibrarySource(c.source)) out.add(c.name);
        }
        return out;
    }

    /** Compiles every function now (errors surface at once rather than on first use). */
    public CompilationUnit compileAll() {
        for (String n : unit.functionNames()) function(n);
        return this;
    }

    public String source() {
        return source;
    }

    UnitBuilder builder() {
        return unit;
    }
}
