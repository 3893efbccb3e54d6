package jitbook.io;

/**
 * A saved model (or an {@code .npy} file) that cannot be read: truncated, tampered with, missing
 * an entry, written by a newer Jitbook, or naming an op this runtime does not have. The message
 * always starts with the file and, when one is to blame, the entry inside it, e.g.
 * {@code model.jbm, entry tensors/fc.weight.npy: ...}.
 */
public class ModelFormatException extends RuntimeException {
    private final String file;
    private final String entry;

    public ModelFormatException(String file, String entry, String message) {
        this(file, entry, message, null);
    }

    public ModelFormatException(String file, String entry, String message, Throwable cause) {
        super(where(file, entry) + message, cause);
        this.file = file;
        this.entry = entry;
    }

    private static String where(String file, String entry) {
        if (file == null && entry == null) return "";
        if (entry == null) return file + ": ";
        if (file == null) return "entry " + entry + ": ";
        return file + ", entry " + entry + ": ";
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
