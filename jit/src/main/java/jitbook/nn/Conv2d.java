package jitbook.nn;

import jitbook.tensor.Tensor;

/**
 * 2-d convolution over [N, C, H, W] inputs with square kernels, as {@code nn.Conv2d} (no
 * dilation or groups). Weight [out, in, k, k] and bias [out] are initialized uniformly in
 * +-1/sqrt(in*k*k), which is what PyTorch's default (Kaiming uniform with a = sqrt(5)) comes to.
 */
public class Conv2d extends Module {
    public Tensor weight;
    public Tensor bias;
    private final long inChannels;
    private final long outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;

    public Conv2d(long inChannels, long outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, true);
    }

    public Conv2d(long inChannels, long outChannels, int kernelSize, int stride, int padding, boolean bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        double bound = Init.fanInBound(inChannels * kernelSize * kernelSize);
        this.weight = Init.uniform(bound, outChannels, inChannels, kernelSize, kernelSize);
        this.bias = bias ? Init.uniform(bound, outChannels) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv2d(x, weight, bias, stride, padding);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ", " + kernelSize
                + "), stride=(" + stride + ", " + stride + ")" + (padding != 0 ? ", padding=(" + padding + ", " + padding + ")" : "");
    }
}
