package jitbook.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class AdamTest {
    @Test
    void theFirstStepMovesEachParameterByTheLearningRateThanksToBiasCorrection() {
        Tensor w = Tensors.tensor(1.0, 1.0, 1.0).requiresGrad(true);
        Adam opt = new Adam(List.of(w), 0.01);
        w.mul(Tensors.tensor(1000.0, -0.001, 3.0)).sum().backward();
        opt.step();
        assertArrayEquals(new double[] {0.99, 1.01, 0.99}, w.toDoubleArray(), 1e-6);
    }

    @Test
    void matchesAReferenceImplementationOfPyTorchsAlgorithmOverSeveralSteps() {
        double lr = 0.1;
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-3;
        double wd = 0.05;
        Tensor w = Tensors.tensor(0.5, -1.5).requiresGrad(true);
        Adam opt = new Adam(List.of(w), lr, b1, b2, eps, wd);
        double[] ref = {0.5, -1.5};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= 5; t++) {
            opt.zeroGrad();
            w.mul(w).mul(w).sum().backward(); // gradient 3 w^2
            opt.step();
            for (int i = 0; i < 2; i++) {
                double g = 3 * ref[i] * ref[i] + wd * ref[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                ref[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
            }
            assertArrayEquals(ref, w.toDoubleArray(), 1e-9, "after step " + t);
        }
    }

    @Test
    void float32ParametersStayFloat32() {
        Tensor w = Tensors.tensor(1f, 2f).requiresGrad(true);
        Adam opt = new Adam(List.of(w), 0.1);
        w.mul(w).sum().backward();
        opt.step();
        assertEquals(jitbook.ops.DType.FLOAT32, w.dtype());
        assertArrayEquals(new float[] {0.9f, 1.9f}, w.toFloatArray(), 1e-6f);
    }
}
