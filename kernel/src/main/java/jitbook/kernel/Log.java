package jitbook.kernel;

import java.io.PrintStream;
import java.time.LocalTime;

/**
 * The kernel's own log, written to the process's original standard error (the Jupyter server's
 * console), never to the cell output streams that replace {@code System.err} while the kernel
 * runs. Set {@code JITBOOK_DEBUG=1} to see debug lines.
 */
public final class Log {
    private static final PrintStream ERR = System.err;
    private static final boolean DEBUG = System.getenv("JITBOOK_DEBUG") != null;

    private Log() {}

    /**
     * Forces this class to capture the process's original standard error now; call before
     * {@code System.setErr} replaces it with the cell's stream.
     */
    public static void init() {}

    /** The original standard error, for output of the kernel's own threads. */
    public static PrintStream originalErr() {
        return ERR;
    }

    private static final InheritableThreadLocal<Boolean> INTERNAL = new InheritableThreadLocal<>();

    /** Marks the calling thread (and threads it starts) as the kernel's own: its output is logged. */
    public static void markInternalThread() {
        INTERNAL.set(Boolean.TRUE);
    }

    public static boolean isInternalThread() {
        return INTERNAL.get() != null;
    }

    public static void info(String msg) {
        ERR.println("[jitbook " + LocalTime.now() + "] " + msg);
    }

    public static void warn(String msg, Throwable t) {
        info("WARNING " + msg + (t == null ? "" : ": " + t));
        if (DEBUG && t != null) t.printStackTrace(ERR);
    }

    public static void debug(String msg) {
        if (DEBUG) info(msg);
    }
}
