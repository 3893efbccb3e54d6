package jitbook.tensor;

import java.util.List;

/** One application of a {@link BackwardFunction}: what it was applied to, shared by the nodes of all its outputs. */
final class FunctionCall {
    final BackwardFunction fn;
    final List<Tensor> inputs;
    final int outputCount;

    FunctionCall(BackwardFunction fn, List<Tensor> inputs, int outputCount) {
        this.fn = fn;
        this.inputs = inputs;
        this.outputCount = outputCount;
    }
}
