package jitbook.ir;

/** A graph breaks an IR invariant; the message names the offending node as printed. */
public class VerificationError extends RuntimeException {
    public VerificationError(String message) {
        super(message);
    }
}
