package jitbook.autodiff;

/** A graph cannot be differentiated (an unsupported construct on a path that needs a gradient); the message names the node. */
public class AutodiffException extends RuntimeException {
    public AutodiffException(String message) {
        super(message);
    }
}
