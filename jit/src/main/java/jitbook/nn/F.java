package jitbook.nn;

import jitbook.ops.OpNames;
import jitbook.tensor.Dispatcher;
import jitbook.tensor.Tensor;

/**
 * The functional forms of layers, as PyTorch's {@code torch.nn.functional}: stateless functions
 * that take their weights as arguments. Modules are written with these, and each is one
 * registry op called through the {@link Dispatcher}, so eager autograd and the tracer see it.
 */
public final class F {
    private F() {
    }

    /** {@code x @ weight^T + bias}; {@code bias} may be null. Weight is [out, in]. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return Dispatcher.tensor(OpNames.LINEAR, x, weight, bias);
    }

    /** 2-d convolution of an [N, C, H, W] input with an [O, C, kH, kW] weight; {@code bias} may be null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Dispatcher.tensor(OpNames.CONV2D, x, weight, bias, new long[] {stride, stride},
                new long[] {padding, padding});
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, 1, 0);
    }

    /** Max pooling over [N, C, H, W], or unbatched [C, H, W], with a square window. */
    public static Tensor maxPool2d(Tensor x, int kernelSize, int stride) {
        if (x.dim() == 3) {
            return Dispatcher.tensor(OpNames.MAX_POOL2D, x.unsqueeze(0), new long[] {kernelSize, kernelSize},
                    new long[] {stride, stride}).squeeze(0);
        }
        return Dispatcher.tensor(OpNames.MAX_POOL2D, x, new long[] {kernelSize, kernelSize},
                new long[] {stride, stride});
    }

    public static Tensor maxPool2d(Tensor x, int kernelSize) {
        return maxPool2d(x, kernelSize, kernelSize);
    }

    /**
     * Zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)} while
     * training; the identity otherwise. The mask is one op, so the gradient flows through the
     * product and a trace records where the randomness comes from.
     */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        return x.mul(Dispatcher.tensor(OpNames.DROPOUT_MASK, x, p, true));
    }

    /** Rows of {@code weight} picked by the int64 {@code indices}: the result has shape indices.shape + [dim]. */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return Dispatcher.tensor(OpNames.EMBEDDING, weight, indices);
    }

    /** Mean squared error, averaged over all elements. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Dispatcher.tensor(OpNames.MSE_LOSS, input, target);
    }

    /**
     * Mean cross entropy of logits (C), (N, C) or (N, C, d...) against int64 class indices (the
     * input's shape without C; entries equal to -100 are ignored) or class probabilities (the
     * input's shape).
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, null, -100, "mean", 0.0);
    }

    /**
     * PyTorch's {@code cross_entropy(input, target, weight, ignore_index=..., reduction=...,
     * label_smoothing=...)}: {@code weight} (one per class) may be null; reduction is "mean",
     * "sum" or "none".
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, long ignoreIndex, String reduction,
                                      double labelSmoothing) {
        return Dispatcher.tensor(OpNames.CROSS_ENTROPY, logits, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /** Mean negative log-likelihood of log-probabilities (C), (N, C) or (N, C, d...) at int64 class indices. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target) {
        return nllLoss(logProbs, target, null, -100, "mean");
    }

    /** PyTorch's {@code nll_loss(input, target, weight, ignore_index=..., reduction=...)}; {@code weight} may be null. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Tensor weight, long ignoreIndex, String reduction) {
        return Dispatcher.tensor(OpNames.NLL_LOSS, logProbs, target, weight, ignoreIndex, reduction);
    }

    /** Normalizes over the trailing {@code normalizedShape} dims, then scales and shifts (weight, bias may be null). */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Dispatcher.tensor(OpNames.LAYER_NORM, x, normalizedShape, weight, bias, eps);
    }

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor gelu(Tensor x) {
        return x.gelu();
    }

    /** GELU with PyTorch's {@code approximate}: "none" (the erf form) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) {
        if (approximate.equals("tanh")) return x.geluTanh();
        if (!approximate.equals("none")) throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\"");
        return x.gelu();
    }

    public static Tensor silu(Tensor x) {
        return x.silu();
    }

    public static Tensor mish(Tensor x) {
        return x.mish();
    }

    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return x.softplus(beta, threshold);
    }

    public static Tensor elu(Tensor x, double alpha) {
        return x.elu(alpha);
    }

    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        return x.hardtanh(minVal, maxVal);
    }
}
