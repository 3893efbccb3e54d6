package jitbook.nn;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * One step of an Elman RNN with tanh, as {@code nn.RNNCell}:
 * {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}. Inputs are [batch, input] and
 * [batch, hidden]; all weights start uniform in +-1/sqrt(hidden), as in PyTorch.
 */
public class RNNCell extends Module {
    public Tensor weightIh;
    public Tensor weightHh;
    public Tensor biasIh;
    public Tensor biasHh;
    private final long inputSize;
    private final long hiddenSize;

    public RNNCell(long inputSize, long hiddenSize) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = Init.fanInBound(hiddenSize);
        this.weightIh = Init.uniform(bound, hiddenSize, inputSize);
        this.weightHh = Init.uniform(bound, hiddenSize, hiddenSize);
        this.biasIh = Init.uniform(bound, hiddenSize);
        this.biasHh = Init.uniform(bound, hiddenSize);
    }

    /** One step from hidden state {@code h}. */
    public Tensor forward(Tensor x, Tensor h) {
        return F.linear(x, weightIh, biasIh).add(F.linear(h, weightHh, biasHh)).tanh();
    }

    /** One step from a zero hidden state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, Tensors.zeros(x.size(0), hiddenSize));
    }

    /** {@code forward(x)} or {@code forward(x, h)}. */
    @Override
    public Tensor forward(Tensor... inputs) {
        return inputs.length == 2 ? forward(inputs[0], inputs[1]) : super.forward(inputs);
    }

    public long hiddenSize() {
        return hiddenSize;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize;
    }
}
