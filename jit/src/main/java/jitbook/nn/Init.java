package jitbook.nn;

import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Parameter initializers used by the layers, drawing from the global generator that
 * {@link Tensors#manualSeed(long)} seeds, so a seeded program builds the same model every run.
 */
final class Init {
    private Init() {
    }

    /** A new parameter (requires grad) drawn uniformly from [-bound, bound). */
    static Tensor uniform(double bound, long... shape) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return Tensors.rand(shape).mul(2 * bound).sub(bound).requiresGrad(true);
        }
    }

    /** A new parameter from the standard normal distribution. */
    static Tensor normal(long... shape) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return Tensors.randn(shape).requiresGrad(true);
        }
    }

    static Tensor ones(long... shape) {
        return Tensors.ones(shape).requiresGrad(true);
    }

    static Tensor zeros(long... shape) {
        return Tensors.zeros(shape).requiresGrad(true);
    }

    /** PyTorch's default bound for layers with {@code fanIn} inputs per output: 1/sqrt(fanIn). */
    static double fanInBound(long fanIn) {
        return fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
    }
}
