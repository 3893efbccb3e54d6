package jitbook.nn;

import jitbook.tensor.Tensor;

/**
 * A fully connected layer {@code y = x W^T + b}, as {@code nn.Linear}: weight [out, in] and bias
 * [out], both initialized as PyTorch does, uniformly in +-1/sqrt(in).
 */
public class Linear extends Module {
    public Tensor weight;
    /** Null when built with {@code bias = false}. */
    public Tensor bias;
    private final long inFeatures;
    private final long outFeatures;

    public Linear(long inFeatures, long outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = Init.fanInBound(inFeatures);
        this.weight = Init.uniform(bound, outFeatures, inFeatures);
        this.bias = bias ? Init.uniform(bound, outFeatures) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.linear(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
