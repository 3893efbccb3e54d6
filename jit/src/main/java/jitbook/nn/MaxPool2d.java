package jitbook.nn;

import jitbook.tensor.Tensor;

/** Max pooling over [N, C, H, W] with a square window, as {@code nn.MaxPool2d} (stride defaults to the window). */
public class MaxPool2d extends Module {
    private final int kernelSize;
    private final int stride;

    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize);
    }

    public MaxPool2d(int kernelSize, int stride) {
        this.kernelSize = kernelSize;
        this.stride = stride;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.maxPool2d(x, kernelSize, stride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride;
    }
}
