package jitbook.magics.trace;

/** A {@code %%trace} cell could not be traced as asked (strict mode, failed check); the message names the cell line. */
public final class TraceCellError extends RuntimeException {
    public TraceCellError(String message) {
        super(message);
    }
}
