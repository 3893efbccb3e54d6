package jitbook.nn;

import jitbook.tensor.Tensor;

/** The elementwise activation {@code max(x, 0)} as a layer, for use in {@link Sequential}. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return F.relu(x);
    }
}
