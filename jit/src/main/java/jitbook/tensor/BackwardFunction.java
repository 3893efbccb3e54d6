package jitbook.tensor;

import java.util.ArrayList;
import java.util.List;

import jitbook.ops.OpException;

/**
 * A hand-written backward step for tensors computed outside the dispatcher, as
 * {@code torch.autograd.Function}: compiled functions use it to make the outputs of a graph run
 * by the interpreter behave, under {@link Tensor#backward()}, like the outputs of the eager ops
 * they replace. {@link #attach} makes fresh output tensors the results of one call with given
 * inputs; eager autograd then calls {@link #backward} once per backward pass, after every
 * gradient for the call's outputs has been summed, and adds the returned gradients into the
 * inputs' (as for any op, where an input fans out the contributions add up).
 */
public interface BackwardFunction {
    /**
     * Given the gradient of the loss for each output (null where no gradient reached it),
     * returns one gradient per input, null where there is none. Runs with grad mode disabled.
     */
    List<Tensor> backward(List<Tensor> gradOutputs);

    /** Shown as {@code grad_fn=<NameBackward>} when an output is printed. */
    default String name() {
        return "Function";
    }

    /**
     * Records {@code outputs} as produced from {@code inputs} by a computation whose backward
     * step is {@code fn}. Does nothing when grad mode is off or no input requires grad; floating
     * outputs only (others get no gradient, as with ops). Outputs must be fresh tensors that are
     * not yet part of an autograd graph (not leaves that require grad, not results of ops).
     */
    static void attach(BackwardFunction fn, List<Tensor> inputs, List<Tensor> outputs) {
        if (!GradMode.isEnabled()) return;
        boolean any = false;
        for (Tensor t : inputs) any |= t != null && t.requiresGrad();
        if (!any) return;
        FunctionCall call = new FunctionCall(fn, new ArrayList<>(inputs), outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Tensor o = outputs.get(i);
            if (o == null || !o.dtype().isFloating()) continue;
            if (o.gradFn() != null || o.requiresGrad()) {
                throw new OpException("BackwardFunction.attach", "output " + i + " already takes part in autograd;"
                        + " outputs must be fresh tensors");
            }
            o.attachGradFn(new GradNode(call, i));
        }
    }
}
