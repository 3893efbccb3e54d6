package jitbook.exec;

import java.time.Duration;

/**
 * A time limit for the calls a thread makes while the deadline is open, for services that must
 * answer in bounded time even when a loaded model loops for ever:
 * <pre>
 * try (Deadline d = Deadline.after(Duration.ofMillis(50))) {
 *     y = model.forward(x);
 * } catch (DeadlineExceededException e) { ... answer 503 ... }
 * </pre>
 * Checked where {@link Cancellation} is (every interpreter loop iteration, every fused kernel),
 * so a call stops at its next check past the deadline; one long native call finishes first. A
 * deadline opened inside another never extends it. Scoped to the thread that opened it, like
 * {@code GradMode}: concurrent requests each bring their own.
 */
public final class Deadline implements AutoCloseable {
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final long atNanos;
    private final Duration budget;
    private final Deadline outer;
    private final Thread owner;

    private Deadline(long atNanos, Duration budget, Deadline outer) {
        this.atNanos = atNanos;
        this.budget = budget;
        this.outer = outer;
        this.owner = Thread.currentThread();
    }

    /** Opens a deadline {@code budget} from now on this thread (or the enclosing one, if sooner). */
    public static Deadline after(Duration budget) {
        if (budget.isNegative()) throw new IllegalArgumentException("a deadline needs a budget of zero or more, got " + budget);
        Deadline outer = CURRENT.get();
        long at = System.nanoTime() + saturatedNanos(budget);
        Deadline d = outer != null && outer.atNanos - at < 0 ? new Deadline(outer.atNanos, outer.budget, outer) : new Deadline(at, budget, outer);
        CURRENT.set(d);
        return d;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** Throws {@link DeadlineExceededException} if this thread's open deadline has passed. */
    public static void check() {
        Deadline d = CURRENT.get();
        if (d != null && System.nanoTime() - d.atNanos > 0) throw new DeadlineExceededException(d.budget);
    }

    /** The time left before this thread's deadline, or null when none is open. */
    public static Duration remaining() {
        Deadline d = CURRENT.get();
        return d == null ? null : Duration.ofNanos(Math.max(0, d.atNanos - System.nanoTime()));
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) throw new IllegalStateException("a deadline is closed by the thread that opened it");
        CURRENT.set(outer);
        if (outer == null) CURRENT.remove();
    }
}
