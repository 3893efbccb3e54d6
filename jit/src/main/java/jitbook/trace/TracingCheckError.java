package jitbook.trace;

/**
 * Re-tracing with check inputs gave a different graph, or the traced function disagreed with
 * eager execution on them: the trace does not generalize. The message shows the first
 * difference.
 */
public class TracingCheckError extends RuntimeException {
    public TracingCheckError(String message) {
        super(message);
    }
}
