package jitbook.optim;

import java.util.ArrayList;
import java.util.List;

import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;

/**
 * The base of optimizers, as {@code torch.optim.Optimizer}: holds the parameters to update,
 * clears their gradients ({@link #zeroGrad()}) and updates them from their gradients
 * ({@link #step()}). Updates modify the parameters in place under no-grad, so tensors that
 * refer to a parameter (a module's field, a trace's attribute) see the new values. Parameters
 * without a gradient (unused in the last backward pass, or frozen) are left alone.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;

    protected Optimizer(List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (Tensor p : params) {
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException("can only optimize leaf tensors that require grad, got " + p.dtype()
                        + java.util.Arrays.toString(p.shape()) + (p.isLeaf() ? " without requiresGrad" : " that is not a leaf"));
            }
        }
        this.params = new ArrayList<>(params);
    }

    /** Clears every parameter's gradient; call before each backward pass. */
    public void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    /** Updates every parameter that has a gradient. */
    public final void step() {
        try (GradMode.Scope s = GradMode.disabled()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() != null) update(i, p, p.grad());
            }
        }
    }

    /** Updates parameter number {@code index} from its gradient; runs under no-grad. */
    protected abstract void update(int index, Tensor param, Tensor grad);

    public List<Tensor> parameters() {
        return java.util.Collections.unmodifiableList(params);
    }
}
