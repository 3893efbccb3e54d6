package jitbook.magics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a position in a notebook cell is written in errors, for the Java compiler's,
 * the script compiler's and exceptions' reports alike: {@code cell [12], line 4, column 5}
 * (cell-relative lines, as IPython's {@code Cell In[12], line 4}). Inside, a cell's source is
 * named {@code cell[12]} (the file name script errors and cell sources carry); {@link #readable}
 * turns the compiler-style {@code cell[12]:4:5} that the runtime's own messages use into the
 * same words.
 */
public final class CellPositions {
    private static final Pattern CELL = Pattern.compile("cell\\[(\\d+)\\]");
    private static final Pattern COMPILER_STYLE = Pattern.compile("\\bcell\\[(\\d+)\\]:(\\d+)(?::(\\d+))?");

    private CellPositions() {
    }

    /** The source name of the cell run with this execution count: {@code cell[12]}. */
    public static String cellName(int executionCount) {
        return "cell[" + executionCount + "]";
    }

    /** {@code cell [12], line 4, column 5} for a cell's source name; {@code Foo.java, line 4} for any other; column 0: none. */
    public static String where(String sourceName, int line, int column) {
        Matcher m = CELL.matcher(sourceName == null ? "" : sourceName);
        String name = m.matches() ? "cell [" + m.group(1) + "]" : sourceName == null || sourceName.isEmpty() ? "" : sourceName;
        return (name.isEmpty() ? "" : name + ", ") + "line " + line + (column > 0 ? ", column " + column : "");
    }

    /** A message with every {@code cell[12]:4:5} written as {@link #where} writes it. */
    public static String readable(String message) {
        if (message == null || !message.contains("cell[")) return message;
        Matcher m = COMPILER_STYLE.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int column = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            m.appendReplacement(sb, Matcher.quoteReplacement(where("cell[" + m.group(1) + "]", Integer.parseInt(m.group(2)), column)));
        }
        return m.appendTail(sb).toString();
    }
}
