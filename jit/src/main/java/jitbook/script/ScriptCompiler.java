package jitbook.script;

import jitbook.jit.ScriptFunction;

/**
 * The script compiler's entry points: Java source in the subset to IR. Every problem in the
 * input is a {@link ScriptCompileError} with a source position; anything else escaping is a bug,
 * and is reported as one with the position being compiled.
 */
public final class ScriptCompiler {
    private ScriptCompiler() {
    }

    /** Compiles a unit of methods, records, enums and classes. */
    public static CompilationUnit compile(String source, String fileName, SourceProvider provider) {
        return guarded(() -> {
            UnitBuilder unit = new UnitBuilder(provider);
            unit.add(ParsedSource.parse(fileName, source), false);
            return new CompilationUnit(unit, source);
        });
    }

    /** Compiles a source holding exactly one method. */
    public static ScriptFunction compileFunction(String methodSource, String fileName, SourceProvider provider) {
        return guarded(() -> {
            CompilationUnit unit = compile(methodSource, fileName, provider);
            if (unit.functionNames().size() != 1) {
                throw new ScriptCompileError("expected exactly one method, found " + unit.functionNames().size()
                        + (unit.functionNames().isEmpty() ? "" : " (" + unit.functionNames() + "); use Jit.compile for several"), null);
            }
            return unit.function(unit.functionNames().get(0));
        });
    }

    /** Runs compiler work, turning internal failures into errors that say what was being compiled. */
    static <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ScriptCompileError e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ScriptCompileError("internal compiler error (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); please report it with the source", null);
        }
    }
}
