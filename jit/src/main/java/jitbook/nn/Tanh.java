package jitbook.nn;

import jitbook.tensor.Tensor;

/** The elementwise activation {@code tanh(x)} as a layer, for use in {@link Sequential}. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return F.tanh(x);
    }
}
