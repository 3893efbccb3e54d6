package jitbook.kernel.wire;

/**
 * A frame sequence that is not a valid, correctly signed Jupyter message. The socket loops
 * log it and drop the message: it is never executed, and the kernel keeps serving.
 */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
