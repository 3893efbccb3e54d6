package jitbook.ir;

/** IR text that does not parse: the message gives the line and column and shows the line with a caret. */
public class IrParseException extends RuntimeException {
    private final int line;
    private final int column;

    public IrParseException(String message, int line, int column, String lineText) {
        super(message + " at line " + line + ", column " + column + (lineText == null ? ""
                : "\n" + lineText + "\n" + " ".repeat(Math.max(0, column - 1)) + "^"));
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
