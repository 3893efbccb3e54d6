package jitbook.nn;

import jitbook.tensor.Tensor;

/** The elementwise activation {@code 1/(1+exp(-x))} as a layer, for use in {@link Sequential}. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return F.sigmoid(x);
    }
}
