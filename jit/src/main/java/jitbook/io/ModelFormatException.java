package jitbook.io;

/**
 * A saved model (or an {@code .npy} file) that cannot be read: truncated, tampered with, missing
 * an entry, written by a newer Jitbook, or naming an op this runtime does not have. The message
 * always starts with the file and, when one is to blame, the entry inside it, e.g.
 * {@code model.jbm, entry tensors/fc.weight.npy: ...}. It is one line of reasonable length
 * whatever the file holds: control characters from the file (a name with a newline) are escaped
 * (a newline as backslash-n, others as a backslash-u and four hex digits), and a message longer
 * than {@value #MAX_MESSAGE} characters (a megabyte-long name quoted back) is cut, saying how much
 * was left out.
 */
public class ModelFormatException extends RuntimeException {
    /** The longest message kept, in characters, after the file and entry. */
    static final int MAX_MESSAGE = 2000;

    private final String file;
    private final String entry;

    public ModelFormatException(String file, String entry, String message) {
        this(file, entry, message, null);
    }

    public ModelFormatException(String file, String entry, String message, Throwable cause) {
        super(where(file, entry == null ? null : oneLine(entry)) + oneLine(message), cause);
        this.file = file;
        this.entry = entry;
    }

    private static String where(String file, String entry) {
        if (file == null && entry == null) return "";
        if (entry == null) return file + ": ";
        if (file == null) return "entry " + entry + ": ";
        return file + ", entry " + entry + ": ";
    }

    /** {@code text} with control and line-separator characters escaped, cut to {@link #MAX_MESSAGE} characters. */
    static String oneLine(String text) {
        if (text == null) return "null";
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_MESSAGE) + 16);
        int i = 0;
        for (; i < text.length() && b.length() < MAX_MESSAGE; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (i < text.length()) b.append("... (").append(text.length() - i).append(" more characters left out)");
        return b.toString();
    }

    /** The file that was being read (as the user named it). */
    public String file() {
        return file;
    }

    /** The archive entry to blame, or null when the problem is with the file as a whole. */
    public String entry() {
        return entry;
    }
}
