package jitbook.jit;

import jitbook.tensor.Tensor;

/**
 * Functional interfaces for the code {@link Jit#trace} records, by number of tensor inputs
 * (separate interfaces so that lambdas of each arity pick the right overload). Each returns a
 * Tensor, a Tensor[] or a List of tensors.
 */
public final class TracedFunctions {
    private TracedFunctions() {
    }

    @FunctionalInterface
    public interface Fn1 {
        Object apply(Tensor a);
    }

    @FunctionalInterface
    public interface Fn2 {
        Object apply(Tensor a, Tensor b);
    }

    @FunctionalInterface
    public interface Fn3 {
        Object apply(Tensor a, Tensor b, Tensor c);
    }

    @FunctionalInterface
    public interface Fn4 {
        Object apply(Tensor a, Tensor b, Tensor c, Tensor d);
    }

    /** Any number of inputs, given as an array. */
    @FunctionalInterface
    public interface FnN {
        Object apply(Tensor[] inputs);
    }
}
