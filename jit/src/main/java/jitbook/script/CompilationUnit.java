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

    public List<String> functionNames() {
        return new ArrayList<>(unit.functionNames());
    }

    public List<String> classNames() {
        return new ArrayList<>(unit.classes().keySet());
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
