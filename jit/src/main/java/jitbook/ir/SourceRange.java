package jitbook.ir;

/**
 * Where in the user's source a node came from: a file or cell name, a 1-based line and column,
 * and the text of that line, so errors can show it with a caret under the column.
 */
public final class SourceRange {
    public final String file;
    public final int line;
    public final int column;
    public final int length;
    public final String lineText;

    public SourceRange(String file, int line, int column, int length, String lineText) {
        this.file = file;
        this.line = line;
        this.column = column;
        this.length = Math.max(1, length);
        this.lineText = lineText;
    }

    /** {@code file:line:column} and, when the text is known, the line with a caret underline. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(file).append(':').append(line);
        if (column > 0) sb.append(':').append(column);
        if (lineText != null) {
            sb.append('\n').append(lineText).append('\n');
            sb.append(" ".repeat(Math.max(0, column - 1))).append("^".repeat(length));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return file + ":" + line + (column > 0 ? ":" + column : "");
    }
}
