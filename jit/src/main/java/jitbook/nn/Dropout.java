package jitbook.nn;

import jitbook.tensor.Tensor;

/**
 * Randomly zeroes elements with probability {@code p} in training mode, scaling the kept ones by
 * {@code 1/(1-p)} so the expected value is unchanged; the identity in {@link #eval()} mode.
 */
public class Dropout extends Module {
    private final double p;

    public Dropout(double p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    public Dropout() {
        this(0.5);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining());
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
