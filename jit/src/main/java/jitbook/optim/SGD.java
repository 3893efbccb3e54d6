package jitbook.optim;

import java.util.List;

import jitbook.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum and L2 weight decay, the same algorithm as
 * {@code torch.optim.SGD} (without dampening or Nesterov): {@code g = grad + wd*p};
 * {@code buf = momentum*buf + g} (just {@code g} on the first step); {@code p -= lr*buf}.
 */
public class SGD extends Optimizer {
    private final double lr;
    private final double momentum;
    private final double weightDecay;
    private final Tensor[] momentumBuffers;

    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0.0, 0.0);
    }

    public SGD(List<Tensor> params, double lr, double momentum, double weightDecay) {
        super(params);
        if (lr < 0 || momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("SGD needs lr, momentum and weightDecay >= 0, got " + lr + ", "
                    + momentum + ", " + weightDecay);
        }
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.momentumBuffers = new Tensor[params.size()];
    }

    @Override
    protected void update(int index, Tensor p, Tensor grad) {
        Tensor g = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad;
        if (momentum != 0) {
            Tensor buf = momentumBuffers[index];
            if (buf == null) {
                // A copy, not the gradient itself: zeroGrad() and the next backward must not alias it.
                buf = g.mul(1.0);
                momentumBuffers[index] = buf;
            } else {
                buf.mulInPlace(momentum).addInPlace(g, 1.0);
            }
            g = buf;
        }
        p.addInPlace(g, -lr);
    }
}
