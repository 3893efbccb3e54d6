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

    private TracerWarning(String how, String message) {
        super(message);
        this.how = how;
        this.site = null;
    }

    /** A module traced in training mode keeps that mode: dropout stays on in the trace whatever train()/eval() say later. */
    public static TracerWarning trainingModeFrozen(String moduleName) {
        return new TracerWarning("training mode", "TracerWarning: " + moduleName + " was traced in training mode, and a trace keeps"
                + " the mode it was traced in: mode-dependent ops such as dropout stay as recorded, whatever train()/eval()"
                + " say later. Call eval() before tracing for inference, or script the module to follow the mode at call time.");
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
