package jitbook.ops;

import java.util.List;

/** An op name that the registry does not hold: from a hand-written graph, a saved file, or a typo. */
public class UnknownOpException extends RuntimeException {
    private final String opName;

    public UnknownOpException(String opName, List<String> nearNames) {
        super("unknown op '" + opName + "'" + (nearNames.isEmpty() ? "" : "; did you mean " + String.join(", ", nearNames) + "?"));
        this.opName = opName;
    }

    public String opName() {
        return opName;
    }
}
