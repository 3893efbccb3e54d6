package jitbook.tensor;

/**
 * Whether eager ops record the autograd graph on this thread. {@link #disabled()} opens a
 * no-grad scope for try-with-resources; scopes nest and restore the previous mode on close.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** A scope in which no autograd graph is recorded, as {@code torch.no_grad()}. */
    public static Scope disabled() {
        return set(false);
    }

    public static Scope enabled() {
        return set(true);
    }

    private static Scope set(boolean on) {
        boolean[] cell = ENABLED.get();
        boolean previous = cell[0];
        cell[0] = on;
        return () -> cell[0] = previous;
    }

    /** Restores the previous grad mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
