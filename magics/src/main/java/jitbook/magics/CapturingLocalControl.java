package jitbook.magics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution engine, keeping each snippet's result object (JShell itself reports
 * values only as text). The snippet's {@code do_it$} method is run through {@link #trampoline()}
 * on the snippet thread JShell starts, so thread-scoped state behaves exactly as without it.
 * One session runs one snippet at a time, so a static hand-off suffices.
 */
public final class CapturingLocalControl extends LocalExecutionControl {
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

    /** Runs the pending snippet method and keeps its result. Public only for reflection. */
    public static Object trampoline() throws Throwable {
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

    /** The object the last snippet produced, or null. */
    static Object lastValue() {
        return captured;
    }

    static void clear() {
        captured = null;
    }

    /** For {@code JShell.builder().executionEngine(new Provider(), Map.of())}. */
    public static final class Provider implements ExecutionControlProvider {
        @Override
        public String name() {
            return "jitbook-magics-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return new CapturingLocalControl();
        }
    }
}
