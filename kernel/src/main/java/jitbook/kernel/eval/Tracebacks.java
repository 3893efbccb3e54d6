package jitbook.kernel.eval;

import jitbook.magics.CellPositions;
import jitbook.magics.JavaText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;

/**
 * Formats compile errors and exceptions as Jupyter tracebacks (lines with ANSI colour, as
 * front ends expect) whose locations are lines of the notebook cell, not of JShell's
 * generated wrapper classes: frames of snippet code carry the file name {@code #<snippet id>},
 * which {@link SnippetOrigin}s map back to a cell and line.
 */
final class Tracebacks {
    static final String RED = "\u001b[0;31m";
    static final String GREEN = "\u001b[0;32m";
    static final String CYAN = "\u001b[0;36m";
    static final String RESET = "\u001b[0m";

    /**
     * Where a snippet came from: its cell's execution count, its first line in the cell, its source
     * as compiled and the cell's text as the user wrote it (a magic's generated code keeps the
     * cell's line numbers but not its text: tracebacks show the cell's).
     */
    record SnippetOrigin(int executionCount, int lineOffset, String source, String cellText) {
        /** The cell line of a frame of this snippet. */
        int cellLine(StackTraceElement f) {
            return lineOffset + f.getLineNumber();
        }

        /** The cell's text on the line a frame of this snippet was running. */
        String sourceLine(StackTraceElement f) {
            return cellTextLine(cellLine(f)).strip();
        }

        /** Line {@code line} (1-based) of the cell as written, or "" past its end. */
        String cellTextLine(int line) {
            return cellText.lines().skip(Math.max(0, line - 1)).findFirst().orElse("");
        }
    }

    private Tracebacks() {}

    static CellResult compileError(List<Diag> diags, SnippetOrigin origin) {
        String snippetSource = origin.source();
        List<String> tb = new ArrayList<>();
        String evalue = "rejected by the compiler";
        boolean first = true;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            String msg = cleanMessage(d.getMessage(Locale.ROOT));
            int pos = (int) Math.max(0, Math.min(d.getStartPosition(), snippetSource.length()));
            int end = (int) Math.max(pos, Math.min(d.getEndPosition(), snippetSource.length()));
            int line = origin.lineOffset() + JavaText.lineOf(snippetSource, pos) + 1;
            int ls = JavaText.lineStart(snippetSource, pos);
            int le = snippetSource.indexOf('\n', ls);
            if (le < 0) le = snippetSource.length();
            Caret caret = Caret.onCellLine(snippetSource.substring(ls, le), pos - ls, Math.max(1, Math.min(end, le) - pos),
                    origin.cellTextLine(line));
            if (first) {
                evalue = msg.lines().findFirst().orElse(msg);
                first = false;
            }
            String cell = origin.executionCount() > 0 ? CellPositions.cellName(origin.executionCount()) : null;
            tb.add(RED + "Compile error" + RESET + " at " + CellPositions.where(cell, line, caret.column() + 1) + ": " + msg);
            tb.add("    " + caret.line());
            if (caret.column() >= 0) tb.add("    " + " ".repeat(caret.column()) + RED + "^".repeat(caret.width()) + RESET);
        }
        if (tb.isEmpty()) tb.add(RED + "Compile error" + RESET + ": " + evalue);
        return CellResult.error("CompileError", evalue, tb);
    }

    /**
     * A compile error's mark on the cell line as the user wrote it. javac's column is on the
     * compiled line, which is the cell's own (JShell may have added a semicolon, or stripped the
     * indentation of a first line) or a magic's generated code around the user's text: then the
     * marked text is looked for in the cell line, and without a single match there is no caret
     * (column -1), since a column of the generated code means nothing to the user.
     */
    record Caret(String line, int column, int width) {
        static Caret onCellLine(String compiled, int column, int width, String cellLine) {
            if (cellLine.startsWith(compiled.substring(0, column))) return new Caret(cellLine, column, width);
            String marked = compiled.substring(column, Math.min(compiled.length(), column + width));
            int at = marked.isBlank() ? -1 : cellLine.indexOf(marked);
            if (at >= 0 && cellLine.indexOf(marked, at + 1) < 0) return new Caret(cellLine, at, width);
            return new Caret(cellLine, -1, 0);
        }
    }

    /** javac's "location: class" lines name JShell's invisible wrapper class: drop them. */
    private static String cleanMessage(String msg) {
        StringBuilder sb = new StringBuilder();
        for (String l : msg.split("\n")) {
            String st = l.strip();
            if (st.equals("location: class") || st.matches("location: class (REPL\\.)?\\$JShell\\$\\w*")) continue;
            if (sb.length() > 0) sb.append('\n');
            sb.append(l);
        }
        return sb.toString();
    }

    static CellResult exception(Throwable t, Map<String, SnippetOrigin> origins) {
        String ename = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
        String evalue = t.getMessage() == null ? "" : userNames(t.getMessage());
        List<String> tb = new ArrayList<>();
        appendThrowable(t, origins, tb, "");
        if (ename.equals("java.lang.NoClassDefFoundError") && evalue.startsWith("Could not initialize class")) {
            tb.add(RED + "The class failed while it was first being initialized (an interrupt during its first use does "
                    + "this on Java 17, or its static initializer threw): the JVM refuses it for the rest of the "
                    + "session. Restart the kernel to use it again." + RESET);
        }
        return CellResult.error(ename, evalue, tb);
    }

    /**
     * A message with JShell's wrapper classes taken out of names: {@code "REPL.$JShell$23.s" is
     * null} reads {@code "s" is null}, {@code REPL.$JShell$12$Net} reads {@code Net}; script
     * positions ({@code cell[3]:4:5}) read as the kernel's own ({@code cell [3], line 4, column 5}).
     */
    static String userNames(String message) {
        return CellPositions.readable(WRAPPER.matcher(message).replaceAll(""));
    }

    private static final java.util.regex.Pattern WRAPPER = java.util.regex.Pattern.compile("(REPL\\.)?\\$JShell\\$\\w*?[.$](?=\\w)");

    private static void appendThrowable(Throwable t, Map<String, SnippetOrigin> origins, List<String> tb, String prefix) {
        String name = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
        tb.add(prefix + RED + name + RESET + (t.getMessage() == null ? "" : ": " + userNames(t.getMessage())));
        appendFrames(t.getStackTrace(), origins, tb);
        if (t.getCause() != null && t.getCause() != t) appendThrowable(t.getCause(), origins, tb, "Caused by: ");
    }

    /** The frames of a stack JShell translated to snippets: cell lines, and the library call each cell line made. */
    private static void appendFrames(StackTraceElement[] frames, Map<String, SnippetOrigin> origins, List<String> tb) {
        int before = tb.size();
        boolean seenCell = false;
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement f = frames[i];
            if (!isSnippetFrame(f)) {
                if (isKernelFrame(f)) break; // JShell and kernel plumbing below the user's code: noise
                // Library frames: only the call the cell made (the frame just above a cell frame)
                // is shown, and only before the first cell frame: internals say nothing to the user.
                boolean calledFromCell = i + 1 < frames.length && isSnippetFrame(frames[i + 1]);
                if (!seenCell && calledFromCell) tb.add("    in " + simpleClass(f.getClassName()) + "." + f.getMethodName());
                continue;
            }
            seenCell = true;
            SnippetOrigin o = origins.get(f.getFileName().substring(1));
            String method = userMethod(f.getMethodName());
            String label = method.isEmpty() ? "" : method + " ";
            if (o == null) {
                tb.add("    at " + label + "(snippet " + f.getFileName() + ", line " + f.getLineNumber() + ")");
            } else {
                tb.add("    at " + label + GREEN + where(o.executionCount(), o.cellLine(f)) + RESET + ": " + CYAN + o.sourceLine(f) + RESET);
            }
        }
        if (tb.size() == before && frames.length > 0 && !isKernelFrame(frames[0])) {
            tb.add("    in " + simpleClass(frames[0].getClassName()) + "." + frames[0].getMethodName()); // no cell frame at all
        }
    }

    /**
     * The name of a cell's method as the user wrote it: the cell's own code (JShell's {@code do_it$},
     * which JShell's translation already blanks) has none, and a lambda is named after the method
     * it is written in ({@code lambda$step$0} is {@code step}, {@code lambda$do_it$$0} the cell).
     */
    static String userMethod(String method) {
        java.util.regex.Matcher m = LAMBDA.matcher(method);
        String name = m.matches() ? m.group(1) : method;
        return name.equals("do_it$") ? "" : name;
    }

    private static final java.util.regex.Pattern LAMBDA = java.util.regex.Pattern.compile("lambda\\$(.+)\\$\\d+");

    /** JShell names the file of a translated snippet frame {@code #<snippet id>}. */
    private static boolean isSnippetFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private static String simpleClass(String className) {
        String c = userNames(className);
        return c.substring(c.lastIndexOf('.') + 1);
    }

    private static boolean isKernelFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jitbook.kernel.") || c.startsWith("jdk.jshell.")
                || c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.reflect.");
    }

    static String where(int executionCount, int line) {
        return CellPositions.where(executionCount > 0 ? CellPositions.cellName(executionCount) : null, line, 0);
    }

    static CellResult interrupted() {
        return interrupted(null, Map.of());
    }

    /**
     * An interrupted cell. With the exception the stopped snippet ended in (its stack translated
     * by JShell), it says on which line the cell was, innermost first, as an exception's frames.
     */
    static CellResult interrupted(Throwable stopped, Map<String, SnippetOrigin> origins) {
        StackTraceElement[] frames = stopped == null ? new StackTraceElement[0] : stopped.getStackTrace();
        String where = "";
        for (StackTraceElement f : frames) {
            SnippetOrigin o = isSnippetFrame(f) ? origins.get(f.getFileName().substring(1)) : null;
            if (o != null) {
                where = " at " + where(o.executionCount(), o.cellLine(f));
                break;
            }
        }
        String msg = "the cell was interrupted" + where;
        List<String> tb = new ArrayList<>();
        tb.add(RED + "Interrupted" + RESET + ": " + msg);
        if (!where.isEmpty()) appendFrames(frames, origins, tb);
        return CellResult.error("Interrupted", msg, tb);
    }
}
