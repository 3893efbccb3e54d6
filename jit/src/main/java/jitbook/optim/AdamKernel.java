package jitbook.optim;

import java.util.Arrays;

import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;

/**
 * One Adam step for one parameter in a single pass over its elements (PyTorch's fused/foreach
 * Adam does the same): op by op, the step was nine elementwise tensor ops, six of them
 * allocating, and took most of a small model's training step. The running means {@code m} and
 * {@code v} belong to the optimizer and are updated in place; the parameter gets a fresh array
 * ({@link Tensor#setData}), since arrays already handed out (to an autograd graph that saved the
 * parameter, a frozen module's constants) must keep their values. Each element is computed in
 * double and rounded once to the parameter's dtype.
 */
final class AdamKernel {
    private AdamKernel() {
    }

    /** Runs the step when parameter, gradient and state are all float32 or all float64 of one shape; false otherwise. */
    static boolean step(Tensor p, Tensor grad, Tensor m, Tensor v, int t, double lr, double beta1, double beta2,
                        double eps, double weightDecay) {
        NdArray pa = p.array();
        NdArray ga = grad.array();
        NdArray ma = m.array();
        NdArray va = v.array();
        DType d = pa.dtype();
        if ((d != DType.FLOAT32 && d != DType.FLOAT64) || ga.dtype() != d || ma.dtype() != d || va.dtype() != d
                || !Arrays.equals(pa.shape(), ga.shape())) {
            return false;
        }
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / bc1;
        NdArray next = NdArray.zeros(d, pa.shape());
        int n = pa.numel();
        if (d == DType.FLOAT32) {
            float[] ps = pa.floats();
            float[] gs = ga.floats();
            float[] ms = ma.floats();
            float[] vs = va.floats();
            float[] out = next.floats();
            for (int i = 0; i < n; i++) {
                double g = gs[i] + weightDecay * ps[i];
                float mi = (float) (beta1 * ms[i] + (1 - beta1) * g);
                float vi = (float) (beta2 * vs[i] + (1 - beta2) * g * g);
                ms[i] = mi;
                vs[i] = vi;
                out[i] = (float) (ps[i] - stepSize * mi / (Math.sqrt(vi / bc2) + eps));
            }
        } else {
            double[] ps = pa.doubles();
            double[] gs = ga.doubles();
            double[] ms = ma.doubles();
            double[] vs = va.doubles();
            double[] out = next.doubles();
            for (int i = 0; i < n; i++) {
                double g = gs[i] + weightDecay * ps[i];
                double mi = beta1 * ms[i] + (1 - beta1) * g;
                double vi = beta2 * vs[i] + (1 - beta2) * g * g;
                ms[i] = mi;
                vs[i] = vi;
                out[i] = ps[i] - stepSize * mi / (Math.sqrt(vi / bc2) + eps);
            }
        }
        p.setData(next);
        return true;
    }
}
