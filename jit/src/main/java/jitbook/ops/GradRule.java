package jitbook.ops;

import java.util.List;

/**
 * The vector-Jacobian product of an op, written with other registry ops through a
 * {@link GradContext}. Given the op's inputs (values or constants, in schema order), its output
 * and the gradient of the loss with respect to that output, returns one gradient per input, or
 * null for inputs that receive none (non-tensor arguments, integer tensors, indices).
 * Broadcasting is undone by the rule ({@link GradContext#sumTo}).
 */
@FunctionalInterface
public interface GradRule {
    List<Object> vjp(GradContext g, List<Object> inputs, Object output, Object gradOutput);

    /** Input i, or null (its schema default) when the call left trailing defaulted arguments out. */
    static Object input(List<Object> inputs, int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }
}
