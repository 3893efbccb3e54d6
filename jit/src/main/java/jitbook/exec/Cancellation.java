package jitbook.exec;

import java.util.concurrent.CancellationException;

/**
 * Cooperative cancellation for loops in our own library (the interpreter's loops, fused
 * kernels, training helpers): they call {@link #check()} between steps, so interrupting the
 * thread (as the notebook kernel does on an interrupt request) stops them. One long native call
 * cannot be cut short and finishes first. The same checks enforce a thread's {@link Deadline}.
 */
public final class Cancellation {
    private Cancellation() {
    }

    /** Throws if the current thread has been interrupted or its deadline has passed. Cheap enough for every loop iteration. */
    public static void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted");
        }
        Deadline.check();
    }
}
