package jitbook.trace;

/**
 * Raised (as a warning, or as an error in strict mode) where a traced tensor escapes into a
 * Java value: from there on the trace holds a constant, and may be wrong for other inputs.
 * Carries the user's call site.
 */
public final class TracerWarning extends RuntimeException {
    private final String how;
    private final CallSite site;

    public TracerWarning(String how, CallSite site) {
        super(message(how, site));
        this.how = how;
        this.site = site;
    }

    private static String message(String how, CallSite site) {
        return "TracerWarning: converting a traced tensor to a Java value (" + how + ")"
                + (site == null ? "" : " at " + site.describe())
                + "\nmight make the trace incorrect for other inputs: the tracer cannot record what Java does with the value,"
                + " so it is recorded as a constant. Code that branches or loops on it is frozen to what this example did.";
    }

    /** The method through which the value escaped, e.g. {@code item()}. */
    public String how() {
        return how;
    }

    /** The user's source location, or null if it could not be found. */
    public CallSite site() {
        return site;
    }
}
