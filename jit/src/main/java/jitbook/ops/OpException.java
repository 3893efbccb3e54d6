package jitbook.ops;

/**
 * A tensor operation was given input it cannot work on (shapes that do not broadcast, a wrong
 * dtype, an index out of range). The message always starts with the op's name and states the
 * shapes involved, so that an error deep in a model says which op failed and why.
 */
public class OpException extends RuntimeException {
    private final String op;

    public OpException(String op, String message) {
        super(op + ": " + message);
        this.op = op;
    }

    public String op() {
        return op;
    }
}
