package jitbook.magics;

/**
 * A magic could not do what was asked: a bad magic line, a missing variable, a failed compile.
 * The kernel shows it as the cell's error ({@link #ename()}: {@code getMessage()}); it never
 * ends the session.
 */
public class MagicException extends RuntimeException {
    private final String ename;
    private final java.util.List<String> traceback;

    public MagicException(String message) {
        this("MagicError", message);
    }

    public MagicException(String ename, String message) {
        this(ename, message, null);
    }

    public MagicException(String ename, String message, java.util.List<String> traceback) {
        super(message);
        this.ename = ename;
        this.traceback = traceback;
    }

    /** The error's name as Jupyter shows it (UsageError, UnknownMagic, ScriptCompileError ...). */
    public String ename() {
        return ename;
    }

    /** Traceback lines for the front end; by default the name and message. */
    public java.util.List<String> traceback() {
        if (traceback != null) return traceback;
        return java.util.List.of((ename + ": " + getMessage()).split("\n"));
    }

    /** A usage error for a magic line. */
    public static MagicException usage(String message) {
        return new MagicException("UsageError", message);
    }
}
