package jitbook.nn;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * One step of an LSTM, as {@code nn.LSTMCell}. The four gates (input, forget, cell, output, in
 * PyTorch's order) come from one product each with {@code W_ih} [4h, in] and {@code W_hh}
 * [4h, h]: {@code c' = f*c + i*g}, {@code h' = o*tanh(c')}. Weights start uniform in
 * +-1/sqrt(hidden).
 */
public class LSTMCell extends Module {
    /** The pair an LSTM carries from step to step. */
    public record State(Tensor h, Tensor c) {
    }

    public Tensor weightIh;
    public Tensor weightHh;
    public Tensor biasIh;
    public Tensor biasHh;
    private final long inputSize;
    private final long hiddenSize;

    public LSTMCell(long inputSize, long hiddenSize) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = Init.fanInBound(hiddenSize);
        this.weightIh = Init.uniform(bound, 4 * hiddenSize, inputSize);
        this.weightHh = Init.uniform(bound, 4 * hiddenSize, hiddenSize);
        this.biasIh = Init.uniform(bound, 4 * hiddenSize);
        this.biasHh = Init.uniform(bound, 4 * hiddenSize);
    }

    /** One step: the next (h, c) from input [batch, in] and the previous state. */
    public State forward(Tensor x, State state) {
        Tensor gates = F.linear(x, weightIh, biasIh).add(F.linear(state.h(), weightHh, biasHh));
        Tensor i = gate(gates, 0).sigmoid();
        Tensor f = gate(gates, 1).sigmoid();
        Tensor g = gate(gates, 2).tanh();
        Tensor o = gate(gates, 3).sigmoid();
        Tensor c = f.mul(state.c()).add(i.mul(g));
        return new State(o.mul(c.tanh()), c);
    }

    /** The zero state for a batch of {@code batch}. */
    public State initialState(long batch) {
        return new State(Tensors.zeros(batch, hiddenSize), Tensors.zeros(batch, hiddenSize));
    }

    /** The next hidden state h from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, initialState(x.size(0))).h();
    }

    /** {@code forward(x, h, c)} returns the next h (use {@link #forward(Tensor, State)} to get c too). */
    @Override
    public Tensor forward(Tensor... inputs) {
        return inputs.length == 3 ? forward(inputs[0], new State(inputs[1], inputs[2])).h() : super.forward(inputs);
    }

    private Tensor gate(Tensor gates, int k) {
        return gates.narrow(1, k * hiddenSize, hiddenSize);
    }

    public long hiddenSize() {
        return hiddenSize;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize;
    }
}
