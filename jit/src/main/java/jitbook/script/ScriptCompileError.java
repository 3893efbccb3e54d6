package jitbook.script;

import jitbook.ir.SourceRange;

/**
 * Source outside the script subset, or a type error in it. The message names the problem and
 * shows the source line with a caret under the offending construct; {@link #source()} gives the
 * file or cell, line and column (cell-relative in the notebook).
 */
public class ScriptCompileError extends RuntimeException {
    private final String problem;
    private final SourceRange source;

    public ScriptCompileError(String problem, SourceRange source) {
        super(source == null ? problem : problem + "\n  at " + source.describe().replace("\n", "\n  "));
        this.problem = problem;
        this.source = source;
    }

    /** The problem alone, without the location. */
    public String problem() {
        return problem;
    }

    public SourceRange source() {
        return source;
    }

    public int line() {
        return source == null ? 0 : source.line;
    }

    public int column() {
        return source == null ? 0 : source.column;
    }
}
