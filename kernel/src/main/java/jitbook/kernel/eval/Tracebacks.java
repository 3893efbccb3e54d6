package jitbook.kernel.eval;

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

    /** Where a snippet came from: its cell's execution count, and its first line in the cell. */
    record SnippetOrigin(int executionCount, int lineOffset, String source) {}

    private Tracebacks() {}

    static CellResult compileError(List<Diag> diags, String snippetSource, int lineOffset, int executionCount) {
        List<String> tb = new ArrayList<>();
        String evalue = "rejected by the compiler";
        boolean first = true;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            String msg = cleanMessage(d.getMessage(Locale.ROOT));
            int pos = (int) Math.max(0, Math.min(d.getStartPosition(), snippetSource.length()));
            int end = (int) Math.max(pos, Math.min(d.getEndPosition(), snippetSource.length()));
            int line = JavaSource.lineOf(snippetSource, pos);
            int ls = JavaSource.lineStart(snippetSource, pos);
            int le = snippetSource.indexOf('\n', ls);
            if (le < 0) le = snippetSource.length();
            String srcLine = snippetSource.substring(ls, le);
            int col = pos - ls;
            int width = Math.max(1, Math.min(end, le) - pos);
            if (first) {
                evalue = msg.lines().findFirst().orElse(msg);
                first = false;
            }
            tb.add(RED + "Compile error" + RESET + " at " + where(executionCount, lineOffset + line + 1)
                    + ", column " + (col + 1) + ": " + msg);
            tb.add("    " + srcLine);
            tb.add("    " + " ".repeat(col) + RED + "^".repeat(width) + RESET);
        }
        if (tb.isEmpty()) tb.add(RED + "Compile error" + RESET + ": " + evalue);
        return CellResult.error("CompileError", evalue, tb);
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
        String evalue = t.getMessage() == null ? "" : t.getMessage();
        List<String> tb = new ArrayList<>();
        appendThrowable(t, origins, tb, "");
        return CellResult.error(ename, evalue, tb);
    }

    private static void appendThrowable(Throwable t, Map<String, SnippetOrigin> origins, List<String> tb, String prefix) {
        String name = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
        tb.add(prefix + RED + name + RESET + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        for (StackTraceElement f : t.getStackTrace()) {
            String file = f.getFileName();
            if (file != null && file.startsWith("#")) {
                SnippetOrigin o = origins.get(file.substring(1));
                String method = f.getMethodName();
                String label = method.equals("do_it$") || method.isEmpty() ? "" : method + " ";
                if (o == null) {
                    tb.add("    at " + label + "(snippet " + file + ", line " + f.getLineNumber() + ")");
                } else {
                    int line = o.lineOffset() + f.getLineNumber();
                    String src = o.source().lines().skip(Math.max(0, f.getLineNumber() - 1)).findFirst().orElse("").strip();
                    tb.add("    at " + label + GREEN + where(o.executionCount(), line) + RESET + ": " + CYAN + src + RESET);
                }
            } else if (isKernelFrame(f)) {
                break; // JShell and kernel plumbing below the user's code: noise
            } else {
                tb.add("    at " + f);
            }
        }
        if (t.getCause() != null && t.getCause() != t) appendThrowable(t.getCause(), origins, tb, "Caused by: ");
    }

    private static boolean isKernelFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jitbook.kernel.") || c.startsWith("jdk.jshell.")
                || c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.reflect.");
    }

    static String where(int executionCount, int line) {
        return (executionCount > 0 ? "cell [" + executionCount + "], " : "") + "line " + line;
    }

    static CellResult interrupted() {
        return CellResult.error("Interrupted", "the cell was interrupted",
                List.of(RED + "Interrupted" + RESET + ": the cell was interrupted"));
    }
}
