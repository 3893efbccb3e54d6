package jitbook.nn;

import java.util.Arrays;

import jitbook.tensor.Tensor;

/**
 * Layer normalization over the trailing dimensions given by {@code normalizedShape}, with a
 * learned elementwise scale (ones) and shift (zeros), as {@code nn.LayerNorm}.
 */
public class LayerNorm extends Module {
    public Tensor weight;
    public Tensor bias;
    private final long[] normalizedShape;
    private final double eps;

    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, 1e-5);
    }

    public LayerNorm(long[] normalizedShape, double eps) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = Init.ones(normalizedShape);
        this.bias = Init.zeros(normalizedShape);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(normalizedShape).replace('[', '(').replace(']', ')') + ", eps=" + eps;
    }
}
