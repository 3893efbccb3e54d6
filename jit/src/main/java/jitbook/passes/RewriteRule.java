package jitbook.passes;

import java.util.function.Function;

import jitbook.ir.Node;
import jitbook.ir.Type;
import jitbook.ir.Value;

/**
 * One local rewrite, indexed by the kind of the node it starts from: given a node of
 * {@link #kind()}, return the value that should replace the node's (single) output, or null to
 * leave it. A rule may insert new nodes just before the node ({@link #emit}); the old node is
 * removed once nothing reads it. A rule applies only where the replacement means what the node
 * means, failures included: {@code size(x, d)} folds to a constant only for a dimension d that
 * exists, since the node is then dropped even though the op may throw. Rules are data: {@link RewritePass} keeps them in a table by op
 * name. Two ways to write one in a notebook cell:
 *
 * <pre>{@code
 * // a pattern in IR text and its replacement (graph inputs are the pattern's variables)
 * RewriteRule r1 = PatternRule.of("double-neg",
 *     "graph(%x : Tensor):\n  %a : Tensor = tensor::neg(%x)\n  %b : Tensor = tensor::neg(%a)\n  return (%b)",
 *     "graph(%x : Tensor):\n  return (%x)");
 * // a Java predicate and builder
 * RewriteRule r2 = RewriteRule.of("sub-self-int", "scalar::sub",
 *     n -> n.input(0) == n.input(1) && n.output().type() == Type.INT
 *          ? n.graph().insertConstant(0, Type.INT) : null);
 * }</pre>
 */
public interface RewriteRule {
    /** A name for records and messages. */
    String name();

    /** The kind of node this rule starts matching at (e.g. {@code tensor::mul}). */
    String kind();

    /** The replacement for {@code n}'s output, or null when the rule does not apply. */
    Value apply(Node n, PassContext ctx);

    /** A rule from a function that returns the replacement value or null. */
    static RewriteRule of(String name, String kind, Function<Node, Value> body) {
        return new RewriteRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Value apply(Node n, PassContext ctx) {
                return body.apply(n);
            }

            @Override
            public String toString() {
                return name + " @ " + kind;
            }
        };
    }

    /** Inserts {@code kind(inputs)} with one output of {@code type} just before {@code anchor}; returns the output. */
    static Value emit(Node anchor, String kind, Type type, Value... inputs) {
        Node n = anchor.owningBlock().insertBefore(kind, anchor, inputs);
        n.setSource(anchor.source());
        return n.addOutput(type);
    }
}
