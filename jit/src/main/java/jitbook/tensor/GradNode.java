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
    /** For an output of a {@link BackwardFunction}: the call it came from and which output it is; null for ops. */
    final FunctionCall call;
    final int outputIndex;

    GradNode(OpDef op, List<Object> inputs) {
        this.op = op;
        this.inputs = inputs;
        this.call = null;
        this.outputIndex = -1;
    }

    GradNode(FunctionCall call, int outputIndex) {
        this.op = null;
        this.inputs = java.util.Collections.unmodifiableList(new java.util.ArrayList<Object>(call.inputs));
        this.call = call;
        this.outputIndex = outputIndex;
    }

    /** The name PyTorch users know from {@code grad_fn=<AddBackward0>}. */
    String displayName() {
        if (call != null) return call.fn.name() + "Backward";
        String n = op.schema().methodName();
        // PyTorch numbers its backward classes; every op here has one, so it is always 0.
        return Character.toUpperCase(n.charAt(0)) + n.substring(1) + "Backward0";
    }
}
