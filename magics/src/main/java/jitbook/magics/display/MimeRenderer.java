package jitbook.magics.display;

/**
 * Renders values of some type as MIME representations. Implementations are found with
 * {@link java.util.ServiceLoader} (list them in
 * {@code META-INF/services/jitbook.magics.display.MimeRenderer}) or registered at run time
 * with {@link Display#registerRenderer}. The kernel starts every bundle with a
 * {@code text/plain} form and then lets each renderer that {@link #supports} the value add to
 * it, lowest {@link #priority} first, so a later renderer may replace an earlier one's entry.
 * Renderers must be cheap to ask and must not throw for values they support; a failing
 * renderer is skipped and logged.
 */
public interface MimeRenderer {

    /** Whether this renderer has something to add for {@code value} (never null). */
    boolean supports(Object value);

    /** Adds representations of {@code value} to {@code bundle}. */
    void render(Object value, MimeBundle bundle);

    /** Order among renderers that support the same value: lower runs first. */
    default int priority() {
        return 0;
    }
}
