package jitbook.exec;

import jitbook.ir.Node;
import jitbook.ir.SourceRange;

/**
 * A compiled function failed while running: names the IR node that failed and, where known,
 * the line of the user's source it came from; the cause is the op's own error.
 */
public class ScriptRuntimeError extends RuntimeException {
    private final String nodeText;
    private final SourceRange source;

    public ScriptRuntimeError(String message, Node node, Throwable cause) {
        super(compose(message, node), cause);
        this.nodeText = node == null ? null : node.toString();
        this.source = node == null ? null : node.source();
    }

    private static String compose(String message, Node node) {
        if (node == null) return message;
        StringBuilder sb = new StringBuilder(message).append("\n  in IR node: ").append(node);
        if (node.source() != null) sb.append("\n  from ").append(node.source().describe());
        return sb.toString();
    }

    public String nodeText() {
        return nodeText;
    }

    public SourceRange source() {
        return source;
    }
}
