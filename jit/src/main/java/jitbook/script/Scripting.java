package jitbook.script;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.nn.Module;

/**
 * What {@code Jit.script} and {@code Jit.compile} do, and the registry of places sources are
 * found. The notebook kernel registers a provider for classes defined in cells; project source
 * folders and the library's own sources are always searched.
 */
public final class Scripting {
    private static final List<SourceProvider> PROVIDERS = new CopyOnWriteArrayList<>();
    private static final java.util.Map<String, ScriptFunction> FUNCTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private Scripting() {
    }

    public static void addSourceProvider(SourceProvider p) {
        PROVIDERS.add(0, p);
    }

    /**
     * Makes a compiled function (traced or scripted) callable by {@code name} from scripts compiled
     * afterwards, as a prim::CallFunction; the notebook's %%trace and %%script register theirs.
     */
    public static void define(String name, ScriptFunction f) {
        FUNCTIONS.put(name, f);
    }

    static ScriptFunction defined(String name) {
        return FUNCTIONS.get(name);
    }

    public static SourceProvider sources() {
        List<SourceProvider> all = new java.util.ArrayList<>(PROVIDERS);
        // The library's own sources come before the project's, so F and nn modules are always library code (inlined).
        all.add(SourceProvider.LIBRARY);
        all.add(SourceProvider.projectSources());
        return SourceProvider.chain(all.toArray(new SourceProvider[0]));
    }

    public static ScriptFunction script(String methodSource) {
        return ScriptCompiler.compileFunction(methodSource, "<script>", sources());
    }

    public static CompilationUnit compile(String source) {
        return ScriptCompiler.compile(source, "<script>", sources());
    }

    public static ScriptModule script(Module module) {
        return ScriptCompiler.guarded(() -> new ModuleScripting(new UnitBuilder(sources())).script(module));
    }
}
