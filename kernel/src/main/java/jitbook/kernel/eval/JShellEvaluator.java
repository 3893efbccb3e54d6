package jitbook.kernel.eval;

import jitbook.magics.JavaText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jitbook.magics.CapturingLocalControl;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jitbook.kernel.Log;

/**
 * Runs notebook cells in a JShell session in this JVM (the "local" engine, through
 * {@link CapturingLocalControl}) so that the kernel and magics can reach the session's
 * live objects. A cell is split into snippets with {@link SourceCodeAnalysis#analyzeCompletion}
 * (which also supplies missing semicolons) and run one by one; the first compile error or
 * exception ends the cell, and everything defined before it stays. Not thread-safe except
 * {@link #interrupt}, which the control thread calls while the shell thread is inside
 * {@link #execute}.
 */
public final class JShellEvaluator implements AutoCloseable {
    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    private final SnippetResidue residue;
    private final Map<String, Tracebacks.SnippetOrigin> origins = new ConcurrentHashMap<>();
    private volatile boolean interruptRequested;
    private volatile boolean running;
    private volatile long cellSerial;

    private JShellEvaluator(JShell jshell) {
        this.jshell = jshell;
        this.analysis = jshell.sourceCodeAnalysis();
        this.residue = new SnippetResidue(jshell);
    }

    /**
     * Starts a session whose compiler sees this process's class path (so cells compile against
     * the kernel's jit classes, which then load from the system class loader) and runs the
     * given import statements.
     */
    public static JShellEvaluator start(List<String> imports) {
        JShell js = JShell.builder()
                .executionEngine(new CapturingLocalControl.Provider(), Map.of())
                // Local variable names in the class files: a null pointer in a cell's method or a
                // magic's lambda says "because "s" is null", not "because "<local3>" is null".
                .compilerOptions("-g")
                .build();
        // Compile against the kernel's class path. The run-time loader gets these URLs too, but
        // it delegates to its parent (the system loader) first, so classes still come from there.
        js.addToClasspath(System.getProperty("java.class.path"));
        JShellEvaluator ev = new JShellEvaluator(js);
        for (String imp : imports) {
            for (SnippetEvent e : js.eval(imp)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    Log.info("default import rejected: " + imp + " " + ev.diagText(e.snippet()));
                }
            }
        }
        return ev;
    }

    /** Compiles and runs a throwaway expression so the first real cell is not the slow one. */
    public void warmUp() {
        for (SnippetEvent e : jshell.eval("String.valueOf(1 + 1)")) jshell.drop(e.snippet());
        analysis.analyzeCompletion("int x = 1;");
        analysis.completionSuggestions("Str", 3, new int[1]);
    }

    public JShell jshell() {
        return jshell;
    }

    /** Adds a jar or directory to the session's compile and run class path. */
    public void addToClasspath(String path) {
        jshell.addToClasspath(path);
    }

    /**
     * Asks the running cell to stop: the current snippet is stopped by JShell (ThreadGroup.stop
     * on Java 17; on 21+, a stop check woven into snippet code plus Thread.interrupt), and no
     * further snippet of the cell runs. Safe to call from any thread, at any time.
     */
    public void interrupt() {
        interruptRequested = true;
        // Before stop(): see CapturingLocalControl.trampoline. It also notes where the snippet is,
        // so the stopped snippet ends in an exception whose stack JShell maps to the cell's lines.
        CapturingLocalControl.cancel();
        if (running) {
            try {
                jshell.stop();
            } catch (RuntimeException e) {
                Log.warn("JShell.stop failed", e);
            }
        }
    }

    /** Identifies the cell now running (increases with every {@link #execute}). */
    public long cellSerial() {
        return cellSerial;
    }

    /** Whether a snippet is being compiled or run right now. */
    public boolean isRunning() {
        return running;
    }

    /** Runs one cell; {@code executionCount} labels its lines in later tracebacks. */
    public CellResult execute(String code, int executionCount) {
        return execute(code, executionCount, code);
    }

    /**
     * Runs code a magic generated for a cell: line N of {@code code} stands for line N of
     * {@code cellText}, the cell as the user wrote it, which is what tracebacks show (never the
     * generated wrapper that ran it).
     */
    public CellResult execute(String code, int executionCount, String cellText) {
        cellSerial++;
        interruptRequested = false;
        CapturingLocalControl.resetCancel();
        ExitGuard.Refusal refusal = ExitGuard.check(code, ExitVeto.active());
        if (refusal != null) {
            String call = refusal.call().endsWith("(") ? refusal.call() + "...)" : refusal.call();
            String msg = call + " is refused in a notebook: it would end the kernel. "
                    + "Use the front end's restart or shutdown instead.";
            return CellResult.error("java.lang.SecurityException", msg, List.of(
                    Tracebacks.RED + "java.lang.SecurityException" + Tracebacks.RESET + ": " + msg,
                    "    at " + Tracebacks.where(executionCount, refusal.line() + 1)));
        }
        int constant = JavaText.longestStringConstant(JavaText.unescapeUnicode(code));
        if (constant > MAX_STRING_CONSTANT) {
            // javac rejects it, but JShell then keeps failing every later snippet with "too long for
            // the constant pool" (JDK 17 and 25): the session would be lost, so it never sees such a cell.
            String msg = "a string constant of " + constant + " bytes is longer than the class file limit of "
                    + MAX_STRING_CONSTANT + " bytes; build long text at run time (read it from a file, or use "
                    + "String.repeat or a StringBuilder)";
            return CellResult.error("CompileError", msg, List.of(Tracebacks.RED + "Compile error" + Tracebacks.RESET + ": " + msg));
        }
        try {
            return executeSnippets(code, executionCount, cellText);
        } catch (InternalError | StackOverflowError e) {
            // javac runs on this thread and recurses once per nesting level: a deeply nested expression
            // overflows its stack (JShell reports "Exception during analyze"). The session stays usable.
            String msg = "the cell is nested too deeply for the Java compiler (" + e.getMessage() + ")";
            return CellResult.error("CompileError", msg, List.of(Tracebacks.RED + "Compile error" + Tracebacks.RESET + ": " + msg));
        }
    }

    /** Longest string constant (in modified UTF-8 bytes) that a class file can hold. */
    static final int MAX_STRING_CONSTANT = 65535;

    private CellResult executeSnippets(String code, int executionCount, String cellText) {
        String remaining = code;
        int consumed = 0;
        CellResult result = CellResult.success();
        while (!remaining.isBlank()) {
            if (interruptRequested) return Tracebacks.interrupted();
            SourceCodeAnalysis.CompletionInfo ci = analysis.analyzeCompletion(remaining);
            Completeness c = ci.completeness();
            if (c == Completeness.EMPTY) break;
            String source;
            String rest;
            if (c.isComplete()) {
                // JShell keeps leading blank lines in source() but numbers run-time stack frames
                // from the first non-blank one: strip them so both count from the same line.
                source = ci.source().stripLeading();
                rest = ci.remaining();
            } else {
                source = remaining.stripLeading(); // incomplete or unknown: let the compiler say what is wrong
                rest = "";
            }
            int segmentLength = remaining.length() - rest.length();
            String segment = remaining.substring(0, segmentLength);
            int lineOffset = lineOffset(code, consumed, segment, source);
            boolean suppressValue = JavaText.codeOnly(segment).strip().endsWith(";"); // "x;" hides x

            CellResult step = runSnippet(new Tracebacks.SnippetOrigin(executionCount, lineOffset, source, cellText));
            if (!step.ok()) return step;
            boolean last = JavaText.codeOnly(rest).isBlank(); // only comments may follow
            result = last && !suppressValue ? step : CellResult.success();
            remaining = rest;
            consumed += segmentLength;
        }
        return result;
    }

    /**
     * Makes a class the snippet declared findable by the script compiler at once, before the
     * cell's next snippet runs, so {@code Jit.script(new C())} works in the cell that declares
     * {@code C}. Blank lines before the source put its lines where they are in the cell, so
     * compile errors in it name the cell's line.
     */
    private static void publishSource(TypeDeclSnippet t, Tracebacks.SnippetOrigin origin) {
        String text = t.source().equals(origin.source()) ? "\n".repeat(Math.max(0, origin.lineOffset())) + origin.source() : t.source();
        jitbook.magics.CellSources.put(t.name(), jitbook.magics.CellPositions.cellName(origin.executionCount()), text);
    }

    /**
     * The cell line (0-based) on which line 0 of {@code source} sits. JShell may or may not keep
     * the whitespace before a snippet in its source, so anchor on the first non-blank line.
     */
    private static int lineOffset(String code, int consumed, String segment, String source) {
        String first = source.strip().lines().findFirst().orElse("");
        int inSegment = first.isEmpty() ? -1 : segment.indexOf(first);
        if (inSegment < 0) return JavaText.lineOf(code, consumed + leadingWhitespace(segment));
        return JavaText.lineOf(code, consumed + inSegment) - JavaText.lineOf(source, source.indexOf(first));
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private CellResult runSnippet(Tracebacks.SnippetOrigin origin) {
        CapturingLocalControl.clearLastValue();
        List<SnippetEvent> events;
        Map<String, Object> classesBefore = residue.snapshot();
        running = true;
        try {
            if (interruptRequested) return Tracebacks.interrupted();
            events = jshell.eval(origin.source());
        } finally {
            running = false;
        }
        try {
            return report(events, origin);
        } finally {
            residue.afterEval(events, classesBefore, jshell);
        }
    }

    private CellResult report(List<SnippetEvent> events, Tracebacks.SnippetOrigin origin) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null) origins.put(e.snippet().id(), origin);
        }
        if (interruptRequested) return interrupted(events);
        CellResult result = CellResult.success();
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue; // side effects on other snippets (overwrites)
            Snippet s = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = jshell.diagnostics(s).collect(Collectors.toList());
                return Tracebacks.compileError(diags, origin);
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                // Recoverable normally means "waits for a declaration"; with errors (code too large,
                // constant string too long) it will never work, yet JShell keeps it: report and drop it.
                List<Diag> errors = jshell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
                if (!errors.isEmpty()) {
                    CellResult error = Tracebacks.compileError(errors, origin);
                    forget(s);
                    return error;
                }
            }
            if (e.exception() instanceof UnresolvedReferenceException ure) {
                String missing = jshell.unresolvedDependencies(ure.getSnippet()).collect(Collectors.joining(", "));
                String msg = "cannot run " + describe(ure.getSnippet()) + " until " + missing + " is declared";
                if (isTransient(s)) forget(s);
                return CellResult.error("UnresolvedReferenceException", msg,
                        List.of(Tracebacks.RED + "UnresolvedReferenceException" + Tracebacks.RESET + ": " + msg));
            }
            if (e.exception() != null) {
                CellResult error = Tracebacks.exception(e.exception(), origins);
                if (isTransient(s)) forget(s);
                return error;
            }
            if (s instanceof TypeDeclSnippet) publishSource((TypeDeclSnippet) s, origin);
            if (showsValue(s)) result = CellResult.value(CapturingLocalControl.lastValue(), e.value());
            if (isTransient(s)) forget(s);
        }
        return result;
    }

    /**
     * The interrupted snippet's report: where it stopped, from the stack JShell translated to
     * snippet lines (a {@link CapturingLocalControl.CellInterrupted}, or on Java 21+ whatever a
     * blocking call threw when interrupted). The snippet has done all it will do: forgotten if transient.
     */
    private CellResult interrupted(List<SnippetEvent> events) {
        Throwable where = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && e.exception() != null) where = e.exception();
        }
        CellResult result = Tracebacks.interrupted(where, origins);
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && isTransient(e.snippet())) forget(e.snippet());
        }
        return result;
    }

    /**
     * Statements and expressions (with the {@code $N} variables JShell makes for expression
     * values) have done all they will do once run. JShell keeps every snippet it is given, and
     * its memory grew faster than linearly with them (2,000 snippets 48 MB, 4,500 snippets 218 MB
     * of heap, so a kernel with 1 GB would run out after some 9,000 cells); dropped, a snippet
     * still costs a few KB (JShell never forgets one), but the growth is linear. Values stay
     * reachable only through variables the user declared. A cell cannot use {@code $1} and the like.
     */
    private static boolean isTransient(Snippet s) {
        return s.kind() == Snippet.Kind.STATEMENT || s.kind() == Snippet.Kind.EXPRESSION
                || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private void forget(Snippet s) {
        try {
            jshell.drop(s);
        } catch (RuntimeException e) {
            Log.debug("could not drop snippet " + s.id() + ": " + e);
        }
        origins.remove(s.id());
    }

    private static String describe(Snippet s) {
        if (s instanceof jdk.jshell.MethodSnippet m) return m.name() + "(" + m.parameterTypes() + ")";
        if (s instanceof jdk.jshell.PersistentSnippet p) return p.name();
        return s.source();
    }

    /** Expressions show their value; declarations, statements and assignments do not. */
    private static boolean showsValue(Snippet s) {
        return s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || s.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND
                || s.subKind() == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND;
    }

    private String diagText(Snippet s) {
        return jshell.diagnostics(s).map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
    }

    /** Jupyter's is_complete: "complete", "incomplete" or "invalid". */
    public String isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = analysis.analyzeCompletion(remaining);
            switch (ci.completeness()) {
                case EMPTY:
                    return "complete";
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    remaining = ci.remaining();
                    break;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "incomplete";
                default:
                    return "invalid"; // UNKNOWN: e.g. "int x = ;" (see FACTS.md)
            }
        }
        return "complete";
    }

    /**
     * Completions at {@code cursor} (a UTF-16 index): the matches, each with a kind for the front
     * end's icons, and the replaced range. Ordered as a reader wants them: what fits the expected
     * type first, then the rest, and {@code Object}'s methods ({@code getClass}, {@code notify},
     * {@code hashCode} ...) last.
     */
    public Completions complete(String code, int cursor) {
        String prefix = code.substring(0, cursor);
        int snippetStart = currentSnippetStart(prefix);
        String snippet = prefix.substring(snippetStart);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(snippet, snippet.length(), anchor);
        Set<String> variables = jshell.variables().filter(v -> jshell.status(v).isActive()).map(v -> v.name())
                .collect(Collectors.toSet());
        List<SourceCodeAnalysis.Suggestion> ordered = new ArrayList<>(suggestions);
        ordered.sort(java.util.Comparator.comparingInt(SuggestionRank::of));
        Set<String> seen = new LinkedHashSet<>();
        List<String> matches = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion sg : ordered) {
            String c = sg.continuation();
            if (c.startsWith("$") || c.startsWith("__jit_") || !seen.add(c)) continue; // the kernel's own temporaries
            matches.add(c);
            kinds.add(SuggestionRank.kind(c, variables));
        }
        return new Completions(matches, kinds, snippetStart + anchor[0], cursor);
    }

    /** Signatures and Javadoc of the element at {@code cursor}, or an empty string. */
    public String inspect(String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
        String prefix = code.substring(0, end);
        int snippetStart = currentSnippetStart(prefix);
        String snippet = prefix.substring(snippetStart);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty() && !snippet.endsWith("(")) {
            docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
        }
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) sb.append("\n").append(d.javadoc().strip());
        }
        return sb.toString();
    }

    /** Start of the last, unfinished snippet in {@code prefix}. */
    private int currentSnippetStart(String prefix) {
        String remaining = prefix;
        int consumed = 0;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = analysis.analyzeCompletion(remaining);
            if (!ci.completeness().isComplete() || ci.remaining().isEmpty()) break;
            consumed += remaining.length() - ci.remaining().length();
            remaining = ci.remaining();
        }
        return consumed + leadingWhitespace(remaining);
    }

    /**
     * Completion matches, the kind of each (Jupyter's experimental types: function, class,
     * variable, keyword, field, magic) and the range of the code they replace (UTF-16 indices).
     */
    public record Completions(List<String> matches, List<String> kinds, int start, int end) {}

    @Override
    public void close() {
        jshell.close();
    }
}
