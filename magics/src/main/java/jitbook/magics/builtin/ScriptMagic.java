package jitbook.magics.builtin;

import java.util.ArrayList;
import java.util.List;

import jitbook.ir.SourceRange;
import jitbook.jit.ScriptFunction;
import jitbook.magics.CellSources;
import jitbook.magics.Handoff;
import jitbook.magics.JavaSource;
import jitbook.magics.BaseMagic;
import jitbook.magics.CellPositions;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.render.Html;
import jitbook.magics.render.ReportView;
import jitbook.magics.timing.Timing;
import jitbook.magics.trace.TraceReport;
import jitbook.script.CompilationUnit;
import jitbook.script.ScriptCompileError;
import jitbook.script.ScriptCompiler;
import jitbook.script.Scripting;

/**
 * {@code %%script [call(args)] [--no-opt] [--runs N]}: compiles the cell's methods and classes
 * (the script subset of Java) and binds them in the session under their own names: each method
 * as a session method with its declared signature that calls the compiled function (so
 * {@code g(x, 3)} returns a Tensor; the function itself is {@code __jit_g}, and scripts compiled
 * later can call {@code g} too), each class as a JShell class (so {@code new Net()} works) whose
 * source {@code Jit.script(instance)} then finds. Shows each function's IR and the optimizer's
 * passes; with a call such as {@code g(x, 3)} on the magic line, specializes to those arguments
 * and times the cell's Java run eagerly against the compiled function. Compile errors point at
 * the cell's line and column with the source underlined.
 */
public final class ScriptMagic extends BaseMagic {
    static final String USAGE = "%%script [function(arg, ...)] [--no-opt] [--runs N]";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE).flags("--no-opt").options("--runs").positional(0, 1);
    private static int eagerClasses;

    public ScriptMagic() {
        super("script", Kind.CELL, USAGE,
                "compile the cell's methods and classes (script subset) and bind them by name; show IR, passes, timings", SPEC);
    }

    @Override
    public Object run(MagicCall call, Session session) {
        MagicArgs args = args(call);
        String cell = call.cellCode();
        if (call.body().isBlank()) throw args.usageError("the cell is empty: write script methods or classes below the magic line");
        JavaSource.Call timed = null;
        if (args.positional(0) != null) {
            timed = JavaSource.call(args.positional(0));
            if (timed == null) throw args.usageError("expected a call such as g(x, 3) to time, got '" + args.positional(0) + "'");
        }
        String file = session.cellName();
        long t0 = System.nanoTime();
        CompilationUnit unit;
        try {
            unit = ScriptCompiler.compile(cell, file, Scripting.sources()).compileAll();
        } catch (ScriptCompileError e) {
            throw compileError(e);
        }
        double compileMs = (System.nanoTime() - t0) / 1e6;
        JavaSource.Declarations decls = JavaSource.declarations(cell);
        if (timed != null && !unit.functionNames().contains(timed.name())) {
            throw args.usageError("the cell defines no function " + timed.name() + "; it defines " + unit.functionNames());
        }

        // Classes first (the methods' signatures may name them), then the functions.
        List<String> classNames = new ArrayList<>();
        for (JavaSource.ClassDecl c : decls.classes()) {
            CellSources.put(c.name(), file, cell);
            evalAtLine(session, cell, c.source(), "class " + c.name());
            classNames.add(c.name());
        }
        List<JavaSource.MethodDecl> methods = new ArrayList<>();
        for (JavaSource.MethodDecl m : decls.methods()) {
            if (!unit.functionNames().contains(m.name())) continue;
            ScriptFunction f = unit.function(m.name());
            Scripting.define(m.name(), f);
            session.bind("__jit_" + m.name(), "jitbook.jit.ScriptFunction", f);
            Session.Result r = session.eval(wrapper(m));
            if (!r.ok()) throw new MagicException(r.ename(), "%%script: cannot bind " + m.name() + " in the session: " + r.evalue(), r.traceback());
            methods.add(m);
        }

        boolean noOpt = args.flag("--no-opt");
        if (!classNames.isEmpty()) {
            String html = "<div><b>%%script</b> classes: <code>" + Html.escape(String.join(", ", classNames))
                    + "</code> — create them with <code>new</code>; <code>Jit.script(instance)</code> compiles them from this cell.</div>";
            session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, "%%script classes: " + String.join(", ", classNames)
                    + " (new ..., then Jit.script(instance))").put(MimeBundle.TEXT_HTML, Html.block(html)));
        }
        for (JavaSource.MethodDecl m : methods) {
            ScriptFunction f = unit.function(m.name());
            TraceReport r = new TraceReport();
            r.title = "%%script " + m.returnType() + " " + m.name() + "(" + params(m) + ")";
            r.boundName = m.name();
            r.boundType = "method (compiled function __jit_" + m.name() + ")";
            r.graph = f.graph();
            r.compileLabel = "compile (whole cell)";
            r.compileMillis = compileMs;
            r.noOpt = noOpt;
            if (timed != null && timed.name().equals(m.name())) {
                Object[] values = session.getAll(timed.args());
                if (!noOpt) {
                    long o0 = System.nanoTime();
                    f.optimizedGraph(values);
                    r.optimizeMillis = (System.nanoTime() - o0) / 1e6;
                    r.optimization = f.explainOptimization(values);
                }
                r.timing = timeAgainstEager(session, decls, cell, timed, noOpt, args.intValue("--runs", 0, 1, 1_000_000), r);
            } else if (!noOpt) {
                r.optimization = f.explainOptimization();
            }
            session.display(ReportView.bundle(r));
        }
        return null;
    }

    /** Times the cell's own Java (a nested class holding its methods, run by JShell) against the compiled function. */
    private Timing.Comparison timeAgainstEager(Session session, JavaSource.Declarations decls, String cell, JavaSource.Call call,
                                               boolean noOpt, int runs, TraceReport report) {
        String holder = "__eager" + (++eagerClasses);
        StringBuilder cls = new StringBuilder("class ").append(holder).append(" {\n");
        for (JavaSource.MethodDecl m : decls.methods()) cls.append("static ").append(m.source()).append('\n');
        cls.append("}");
        Session.Result r = session.eval(cls.toString());
        if (!r.ok()) {
            report.notes = List.of("no eager timing: the cell's methods do not compile as plain Java in the session (" + r.evalue() + ")");
            return null;
        }
        String argList = String.join(", ", call.args());
        String compiled = noOpt ? "jitbook.magics.timing.Plain.call(__jit_" + call.name() + (argList.isEmpty() ? "" : ", " + argList) + ")"
                : call.name() + "(" + argList + ")";
        String key = Handoff.newKey();
        r = session.eval("jitbook.magics.timing.Timing.compare(\"" + key + "\", () -> " + holder + "." + call.name() + "(" + argList
                + "), () -> " + compiled + ", " + runs + ");");
        Object c = Handoff.take(key);
        if (!r.ok()) throw new MagicException(r.ename(), "%%script: timing " + call.name() + "(" + argList + ") failed: " + r.evalue(), r.traceback());
        return (Timing.Comparison) c;
    }

    private static String params(JavaSource.MethodDecl m) {
        List<String> ps = new ArrayList<>();
        for (int i = 0; i < m.paramNames().size(); i++) ps.add(m.paramTypes().get(i) + " " + m.paramNames().get(i));
        return String.join(", ", ps);
    }

    /** A session method with the function's signature that calls the compiled function. */
    static String wrapper(JavaSource.MethodDecl m) {
        String callExpr = "__jit_" + m.name() + ".call(" + String.join(", ", m.paramNames()) + ")";
        String ret = m.returnType();
        String body;
        switch (ret) {
            case "void": body = callExpr + ";"; break;
            case "int": body = "return ((Number) " + callExpr + ").intValue();"; break;
            case "long": body = "return ((Number) " + callExpr + ").longValue();"; break;
            case "double": body = "return ((Number) " + callExpr + ").doubleValue();"; break;
            case "float": body = "return ((Number) " + callExpr + ").floatValue();"; break;
            case "boolean": body = "return (Boolean) " + callExpr + ";"; break;
            default: body = "return (" + ret + ") " + callExpr + ";";
        }
        return "@SuppressWarnings(\"unchecked\") " + ret + " " + m.name() + "(" + params(m) + ") { " + body + " }";
    }

    /** Evaluates a declaration with blank lines before it, so session errors name its cell line. */
    private static void evalAtLine(Session session, String cell, String source, String what) {
        int at = cell.indexOf(source);
        int line = 0;
        for (int i = 0; i < at; i++) if (cell.charAt(i) == '\n') line++;
        Session.Result r = session.eval("\n".repeat(Math.max(0, line)) + source);
        if (!r.ok()) throw new MagicException(r.ename(), "%%script: cannot define " + what + " in the session: " + r.evalue(), r.traceback());
    }

    /**
     * A compile error as the cell's error, in the kernel's words for javac's errors:
     * {@code Script compile error at cell [3], line 2, column 5: problem}, the line, a caret underline.
     */
    static MagicException compileError(ScriptCompileError e) {
        SourceRange s = e.source();
        List<String> tb = new ArrayList<>();
        if (s == null) {
            tb.add("ScriptCompileError: " + e.problem());
        } else {
            tb.add("Script compile error at " + CellPositions.where(s.file, s.line, s.column) + ": " + CellPositions.readable(e.problem()));
            if (s.lineText != null) {
                tb.add("    " + s.lineText);
                tb.add("    " + " ".repeat(Math.max(0, s.column - 1)) + "^".repeat(Math.max(1, Math.min(s.length, Math.max(1, s.lineText.length() - s.column + 1)))));
            }
        }
        return new MagicException("ScriptCompileError", String.join("\n", tb), tb);
    }
}
