package jitbook.optim;

import java.util.List;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Adam, the same algorithm as {@code torch.optim.Adam} (L2 weight decay added to the gradient,
 * no amsgrad): running means of the gradient ({@code m}) and of its square ({@code v}), each
 * divided by its bias correction {@code 1 - beta^t} so that early steps are not shrunk towards
 * the zero initial state: {@code p -= lr * (m/bc1) / (sqrt(v/bc2) + eps)}.
 */
public class Adam extends Optimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Tensor[] m;
    private final Tensor[] v;
    private final int[] steps;

    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.0);
    }

    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params);
        if (lr < 0 || eps < 0 || weightDecay < 0 || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("Adam needs lr, eps, weightDecay >= 0 and betas in [0, 1), got lr="
                    + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps + ", weightDecay=" + weightDecay);
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new Tensor[params.size()];
        this.v = new Tensor[params.size()];
        this.steps = new int[params.size()];
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        if (m[i] == null) {
            m[i] = Tensors.zerosLike(p);
            v[i] = Tensors.zerosLike(p);
        }
        int t = ++steps[i];
        if (AdamKernel.step(p, grad, m[i], v[i], t, lr, beta1, beta2, eps, weightDecay)) return;
        // Other dtype pairs (a float64 gradient of a float32 parameter ...): the same algorithm op by op.
        Tensor g = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad;
        m[i].mulInPlace(beta1).addInPlace(g, 1 - beta1);
        v[i].mulInPlace(beta2).addInPlace(g.mul(g), 1 - beta2);
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        Tensor denom = v[i].div(bc2).sqrt().add(eps);
        p.addInPlace(m[i].div(denom), -lr / bc1);
    }
}
