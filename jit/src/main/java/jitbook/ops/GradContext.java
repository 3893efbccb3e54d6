package jitbook.ops;

/**
 * What a gradient rule may do: apply registry ops to values. Eager autograd implements it with
 * tensors, the autodiff engine with IR values, so one rule serves both (as JAX's rules bind to
 * whichever trace is active); a rule never knows which. Arguments are values of the
 * implementation's kind or constants (numbers, booleans, {@code long[]}, null). The default
 * methods are shorthands for common registry ops, to keep rules readable.
 */
public interface GradContext {
    Object op(String opName, Object... args);

    /** Whether a value is a tensor (rather than a number or other constant). */
    boolean isTensor(Object value);

    /** Whether a tensor value has a floating dtype (integer and bool tensors get no gradient). */
    boolean isFloatingTensor(Object value);

    default Object add(Object a, Object b) {
        return op("tensor::add", a, b);
    }

    default Object sub(Object a, Object b) {
        return op("tensor::sub", a, b);
    }

    default Object mul(Object a, Object b) {
        return op("tensor::mul", a, b);
    }

    default Object div(Object a, Object b) {
        return op("tensor::div", a, b);
    }

    default Object neg(Object a) {
        return op("tensor::neg", a);
    }

    /** Sums {@code grad} down to the shape of {@code like}: undoes broadcasting. */
    default Object sumTo(Object grad, Object like) {
        return op("tensor::sum_to_size", grad, like);
    }
}
