package jitbook.kernel.eval;

import java.security.Permission;
import java.util.concurrent.ForkJoinPool;
import jitbook.kernel.Log;

/**
 * Keeps cell code from ending the kernel's JVM with {@code System.exit}, {@code Runtime.exit} or
 * {@code Runtime.halt}, however the call is reached (a {@code Runtime} kept in a variable, a
 * library's {@code main}, a thread the cell started), where the JVM still has a way to veto it:
 *
 * <ul>
 *   <li>Java 17 to 23: a {@link SecurityManager} whose only check is {@code checkExit}: every
 *       exit is refused with a {@link SecurityException} (the cell shows it and the session
 *       stays) until the kernel itself exits through {@link #halt}. Every other permission is
 *       granted without a look. Java 18-23 allow installing one only with
 *       {@code -Djava.security.manager=allow}, which the kernelspec passes there (on 17 it only
 *       silences the deprecation warning).</li>
 *   <li>Java 24 and later have no SecurityManager (JEP 486) and no other hook that can refuse an
 *       exit. There the textual {@link ExitGuard} refuses the calls a cell writes, and a
 *       shutdown hook the kernel installs tells the front end, as the cell's error, that the
 *       kernel was ended by an exit call, so "kernel died" comes with its reason.</li>
 * </ul>
 */
public final class ExitVeto {
    private static volatile boolean kernelExiting;
    private static volatile boolean installed;

    private ExitVeto() {}

    /**
     * Installs the veto if this JVM allows it; returns whether it did. Call once at start-up,
     * before any cell runs.
     */
    @SuppressWarnings("removal")
    public static synchronized boolean install() {
        if (installed) return true;
        // The common pool picks its thread factory when it is created: with a SecurityManager
        // present it would make "innocuous" threads without permissions or inherited locals.
        ForkJoinPool.commonPool();
        try {
            System.setSecurityManager(new Manager());
            installed = true;
        } catch (UnsupportedOperationException | SecurityException e) {
            Log.debug("no SecurityManager on Java " + Runtime.version().feature() + " (" + e.getMessage()
                    + "): exits are refused in cell text only");
        }
        return installed;
    }

    /** Whether exits are vetoed at run time (false on Java 24+). */
    public static boolean active() {
        return installed;
    }

    /** Whether the kernel itself is ending the process (so an exit is not a cell's). */
    public static boolean kernelExiting() {
        return kernelExiting;
    }

    /** The kernel's own way out: lifts the veto and halts. */
    public static void halt(int status) {
        kernelExiting = true;
        Runtime.getRuntime().halt(status);
    }

    /** The kernel's own {@code System.exit} (runs shutdown hooks). */
    public static void exit(int status) {
        kernelExiting = true;
        System.exit(status);
    }

    static String refusal(int status) {
        return "System.exit(" + status + ") / Runtime.exit or halt is refused in a notebook: it would end the kernel. "
                + "Use the front end's restart or shutdown instead.";
    }

    @SuppressWarnings("removal")
    private static final class Manager extends SecurityManager {
        @Override
        public void checkExit(int status) {
            if (!kernelExiting) throw new SecurityException(refusal(status));
        }

        @Override
        public void checkPermission(Permission perm) {
            if (perm instanceof RuntimePermission && perm.getName().startsWith("exitVM")) {
                checkExit(0);
            }
        }

        @Override
        public void checkPermission(Permission perm, Object context) {
            checkPermission(perm);
        }
    }
}
