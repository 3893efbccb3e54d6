package jitbook.tensor;

import java.util.List;

import jitbook.ops.OpDef;

/**
 * The autograd record of one eager op: which op made a tensor, and from what. The backward
 * engine applies the op's registry gradient rule to these.
 */
final class GradNode {
    final OpDef op;
    /** The arguments as the caller gave them: tensors, numbers, lists of tensors. */
    final List<Object> inputs;

    GradNode(OpDef op, List<Object> inputs) {
        this.op = op;
        this.inputs = inputs;
    }

    /** The name PyTorch users know from {@code grad_fn=<AddBackward0>}. */
    String displayName() {
        String n = op.schema().methodName();
        return Character.toUpperCase(n.charAt(0)) + n.substring(1) + "Backward";
    }
}
