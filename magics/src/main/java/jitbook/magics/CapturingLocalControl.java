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

    /**
     * Runs the pending snippet method and remembers its result. Public only for reflection.
     * Runs on the snippet thread, inside JShell's stoppable thread group: a cancel flagged
     * before this point (while the snippet was still compiling, when {@code JShell.stop()} has
     * nothing to stop) ends the snippet here; a later one reaches it through {@code stop()}.
     */
    @SuppressWarnings("removal")
    public static Object trampoline() throws Throwable {
        if (cancelled) throw new ThreadDeath(); // what JShell's own stop throws: reported as stopped
        try {
            Object result = pending.invoke(null);
            captured = result;
            return result;
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        doitMethod.setAccessible(true);
        pending = doitMethod;
        captured = null;
        return super.invoke(TRAMPOLINE);
    }

    /** Makes snippets of the current cell stop instead of starting (set before JShell.stop()). */
    public static void cancel() {
        cancelled = true;
    }

    /** Clears the cancel flag at the start of a cell. */
    public static void resetCancel() {
        cancelled = false;
    }

    /** The object the last snippet produced (its expression value), or null. */
    public static Object lastValue() {
        return captured;
    }

    public static void clearLastValue() {
        captured = null;
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
