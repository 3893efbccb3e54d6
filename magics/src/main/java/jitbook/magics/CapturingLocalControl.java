package jitbook.magics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution engine, plus a hand-off of each snippet's live result object.
 * JShell reports values only as strings; the kernel needs the object itself to render it
 * (a tensor as a table, an image as PNG). {@link LocalExecutionControl#invoke(Method)} runs the
 * snippet's {@code do_it$} method on a fresh thread in a stoppable thread group; we hand it
 * {@link #trampoline()} instead, which calls the real method on that same thread and keeps its
 * return value. Exceptions are rethrown unwrapped so JShell sees exactly what it would have.
 * Classes load through JShell's default loader, whose parent is the system class loader, so a
 * cell's {@code Tensor} is the kernel's {@code Tensor}.
 */
public final class CapturingLocalControl extends LocalExecutionControl {
    // One JShell per kernel process, and snippets run one at a time: static hand-off is enough.
    private static volatile Method pending;
    private static volatile Object captured;
    private static final Method TRAMPOLINE;

    static {
        try {
            TRAMPOLINE = CapturingLocalControl.class.getMethod("trampoline");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static volatile boolean cancelled;
    private static volatile Thread running;
    private static volatile StackTraceElement[] stackAtCancel;

    /**
     * What an interrupted snippet throws instead of JShell's silent stop, so that JShell reports
     * it as an exception whose stack it translates to snippet lines (the kernel then says on which
     * line the cell stopped). Its stack is where the snippet thread was when the interrupt came.
     */
    public static final class CellInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CellInterrupted(StackTraceElement[] stack) {
            super("interrupted", null, false, true);
            setStackTrace(stack);
        }
    }

    /**
     * Runs the pending snippet method and remembers its result. Public only for reflection.
     * Runs on the snippet thread, inside JShell's stoppable thread group: a cancel flagged
     * before this point (while the snippet was still compiling, when {@code JShell.stop()} has
     * nothing to stop) ends the snippet here; a later one reaches it through {@code stop()}.
     */
    @SuppressWarnings("removal")
    public static Object trampoline() throws Throwable {
        if (cancelled) throw new ThreadDeath(); // what JShell's own stop throws: reported as stopped
        ShowUncaught.install();
        running = Thread.currentThread();
        try {
            Object result = pending.invoke(null);
            captured = result;
            return result;
        } catch (InvocationTargetException e) {
            throw interruption(e.getCause());
        } catch (ThreadDeath e) {
            throw interruption(e);
        } finally {
            running = null;
        }
    }

    /**
     * A stop caused by {@link #cancel} (Java 17: ThreadDeath from {@code ThreadGroup.stop}; 21+:
     * from JShell's woven stop check) becomes a {@link CellInterrupted} carrying the snippet's
     * stack; anything else passes through unchanged.
     */
    @SuppressWarnings("removal")
    private static Throwable interruption(Throwable t) {
        if (!cancelled || !(t instanceof ThreadDeath)) return t;
        StackTraceElement[] stack = stackAtCancel;
        return new CellInterrupted(stack != null ? stack : t.getStackTrace());
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        doitMethod.setAccessible(true);
        pending = doitMethod;
        captured = null;
        return super.invoke(TRAMPOLINE);
    }

    /**
     * Makes snippets of the current cell stop instead of starting (set before JShell.stop()), and
     * remembers where the running snippet is, for the {@link CellInterrupted} it will end with.
     */
    public static void cancel() {
        Thread t = running;
        stackAtCancel = t == null ? null : t.getStackTrace();
        cancelled = true;
    }

    /** Clears the cancel flag at the start of a cell. */
    public static void resetCancel() {
        cancelled = false;
        stackAtCancel = null;
    }

    /** The object the last snippet produced (its expression value), or null. */
    public static Object lastValue() {
        return captured;
    }

    public static void clearLastValue() {
        captured = null;
    }

    /**
     * Shows exceptions that end threads a cell started. JShell's local engine installs a default
     * uncaught-exception handler that says nothing about them, so a failing background thread
     * vanished silently; this one prints {@code Exception in thread "name"} and the stack trace
     * to {@code System.err} (the cell streams: the output appears under the cell running at the
     * time, as in IPython), then lets JShell's handler do whatever it does. Threads stopped by an
     * interrupt (ThreadDeath) stay quiet.
     */
    static final class ShowUncaught implements Thread.UncaughtExceptionHandler {
        private final Thread.UncaughtExceptionHandler next;

        private ShowUncaught(Thread.UncaughtExceptionHandler next) {
            this.next = next;
        }

        /** Wraps the current default handler unless it already is one of these (JShell sets its own on start). */
        static synchronized void install() {
            Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
            if (!(current instanceof ShowUncaught)) Thread.setDefaultUncaughtExceptionHandler(new ShowUncaught(current));
        }

        @SuppressWarnings("removal")
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            if (!(e instanceof ThreadDeath)) {
                java.io.PrintStream err = System.err;
                synchronized (err) {
                    err.print("Exception in thread \"" + t.getName() + "\" ");
                    e.printStackTrace(err);
                }
            }
            if (next != null) next.uncaughtException(t, e);
        }
    }

    /** Plugs this engine into {@code JShell.builder().executionEngine(provider, params)}. */
    public static final class Provider implements ExecutionControlProvider {
        @Override
        public String name() {
            return "jitbook-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new CapturingLocalControl();
        }
    }
}
