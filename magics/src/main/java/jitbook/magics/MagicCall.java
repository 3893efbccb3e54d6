package jitbook.magics;

/**
 * One invocation of a magic: its name, whether it was a cell magic, the rest of the magic line,
 * and for a cell magic the body. {@link #cellCode()} is the body numbered as in the cell: the
 * magic's own line is left blank, so line {@code k} of it is line {@code k} of the cell.
 */
public record MagicCall(String name, boolean cell, String argLine, String body, int headerLine, MagicRegistry registry) {

    /** The body with blank lines in place of the header (and anything before it), for cell line numbers. */
    public String cellCode() {
        return "\n".repeat(headerLine) + body;
    }

    /** The magic as written, e.g. {@code %%trace}. */
    public String displayName() {
        return (cell ? "%%" : "%") + name;
    }

    /** Parses the argument line with the shared parser. */
    public MagicArgs args(MagicArgs.Spec spec) {
        return MagicArgs.parse(displayName(), argLine, spec);
    }
}
