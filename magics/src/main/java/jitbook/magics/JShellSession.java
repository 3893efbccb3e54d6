package jitbook.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import jitbook.magics.display.Display;
import jitbook.magics.display.MimeBundle;

/**
 * A {@link Session} over a {@link JShell} with the local execution engine (snippets run in this
 * JVM, so magics see their live objects) and this process's class path. The magics' tests run
 * against it; a host without its own evaluator can use it as is. Errors name cell lines: line 1
 * of the code passed to {@link #eval} is line 1 of {@link #cellName()}.
 */
public final class JShellSession implements Session, AutoCloseable {
    /** What a session imports at start, as the kernel does: the tensor API, nn, optim, the JIT facade, display functions. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.util.*;", "import jitbook.tensor.*;", "import jitbook.nn.*;", "import jitbook.optim.*;",
            "import jitbook.jit.*;", "import jitbook.nn.Module;", "import jitbook.tensor.Tensor;",
            "import static jitbook.magics.display.Display.*;");

    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    private final List<MimeBundle> shown = new CopyOnWriteArrayList<>();
    private volatile Consumer<MimeBundle> displayTarget = b -> Display.sink().show(b, null, false);
    private volatile String cellName = "cell";

    private JShellSession(JShell jshell) {
        this.jshell = jshell;
        this.analysis = jshell.sourceCodeAnalysis();
    }

    /** Starts a session on this process's class path with {@link #DEFAULT_IMPORTS}. */
    public static JShellSession start() {
        JShell js = JShell.builder().executionEngine(new CapturingLocalControl.Provider(), Map.of()).build();
        js.addToClasspath(System.getProperty("java.class.path"));
        JShellSession s = new JShellSession(js);
        for (String imp : DEFAULT_IMPORTS) {
            Result r = s.eval(imp);
            if (!r.ok()) throw new IllegalStateException("default import failed: " + imp + ": " + r.errorText());
        }
        return s;
    }

    public JShell jshell() {
        return jshell;
    }

    @Override
    public String cellName() {
        return cellName;
    }

    public void setCellName(String name) {
        this.cellName = name;
    }

    /** Where displayed bundles go besides {@link #shown()} (default: {@link Display}'s sink). */
    public void setDisplayTarget(Consumer<MimeBundle> target) {
        this.displayTarget = target;
    }

    @Override
    public void display(MimeBundle bundle) {
        shown.add(bundle);
        displayTarget.accept(bundle);
    }

    /** Every bundle displayed so far (for tests). */
    public List<MimeBundle> shown() {
        return shown;
    }

    public void clearShown() {
        shown.clear();
    }

    @Override
    public List<Variable> variables() {
        return jshell.variables().filter(v -> jshell.status(v).isActive())
                .map(v -> new Variable(v.name(), v.typeName())).collect(Collectors.toList());
    }

    @Override
    public synchronized Result eval(String code) {
        String remaining = code;
        int consumed = 0;
        Result result = Result.none();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = analysis.analyzeCompletion(remaining);
            if (ci.completeness() == SourceCodeAnalysis.Completeness.EMPTY) break;
            String source;
            String rest;
            if (ci.completeness().isComplete()) {
                source = ci.source();
                rest = ci.remaining();
            } else {
                source = remaining;
                rest = "";
            }
            String segment = remaining.substring(0, remaining.length() - rest.length());
            int firstLine = lineOf(code, consumed + firstCodeIndex(segment));
            Result step = runSnippet(source.strip(), firstLine);
            if (!step.ok()) return step;
            boolean last = rest.isBlank();
            boolean hidesValue = segment.strip().endsWith(";");
            result = last && !hidesValue ? step : Result.none();
            consumed += segment.length();
            remaining = rest;
        }
        return result;
    }

    private static int firstCodeIndex(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** 1-based line of a character index. */
    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    private Result runSnippet(String source, int firstLine) {
        CapturingLocalControl.clearLastValue();
        List<SnippetEvent> events = jshell.eval(source);
        Result result = Result.none();
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue;
            Snippet s = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) {
                return compileError(jshell.diagnostics(s).collect(Collectors.toList()), source, firstLine);
            }
            if (e.exception() instanceof UnresolvedReferenceException ure) {
                String missing = jshell.unresolvedDependencies(ure.getSnippet()).collect(Collectors.joining(", "));
                return Result.error("UnresolvedReferenceException", "cannot run this until " + missing + " is declared", null);
            }
            if (e.exception() != null) return exception(e.exception(), firstLine);
            Snippet.SubKind k = s.subKind();
            if (k == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND || k == Snippet.SubKind.VAR_VALUE_SUBKIND
                    || k == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND) {
                result = Result.value(CapturingLocalControl.lastValue());
            }
        }
        return result;
    }

    private Result compileError(List<Diag> diags, String source, int firstLine) {
        List<String> tb = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            int pos = (int) Math.max(0, d.getPosition());
            int line = lineOf(source, pos);
            int lineStart = source.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
            if (pos == 0) lineStart = 0;
            int lineEnd = source.indexOf('\n', lineStart);
            String text = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            String msg = d.getMessage(null);
            if (first == null) first = msg;
            tb.add("Compile error at " + CellPositions.where(cellName, firstLine + line - 1, pos - lineStart + 1) + ": " + msg);
            tb.add("    " + text);
            tb.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^");
        }
        return Result.error("CompilationError", first == null ? "compilation failed" : first, tb);
    }

    private Result exception(Exception e, int firstLine) {
        String name = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        List<String> tb = new ArrayList<>();
        tb.add(name + ": " + e.getMessage());
        for (StackTraceElement el : e.getStackTrace()) {
            String file = el.getFileName();
            if (file != null && file.startsWith("#")) {
                tb.add("    at " + CellPositions.where(cellName, firstLine + el.getLineNumber() - 1, 0));
                break;
            }
            tb.add("    at " + el);
        }
        return Result.error(name, String.valueOf(e.getMessage()), tb);
    }

    @Override
    public void close() {
        jshell.close();
    }
}
