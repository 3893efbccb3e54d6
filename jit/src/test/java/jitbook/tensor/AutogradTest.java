package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutogradTest {
    private static final double TOL = 1e-6;

    @Test
    void aTensorUsedTwiceReceivesTheSumOfBothGradients() {
        Tensor x = Tensors.tensor(1.0, 2.0, 3.0).requiresGrad(true);
        // y = x*x + x: dy/dx = 2x + 1, along two paths that meet again at the add
        x.mul(x).add(x).sum().backward();
        assertArrayEquals(new double[] {3, 5, 7}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void aReusedIntermediateSumsItsGradientsBeforePassingThemOn() {
        Tensor x = Tensors.tensor(0.5, -1.0).requiresGrad(true);
        Tensor t = x.tanh();
        // loss = sum(t*t + 3t): d/dx = (2t + 3) * (1 - t^2)
        t.mul(t).add(t.mul(3.0)).sum().backward();
        double[] xs = {0.5, -1.0};
        double[] want = new double[2];
        for (int i = 0; i < 2; i++) {
            double th = Math.tanh(xs[i]);
            want[i] = (2 * th + 3) * (1 - th * th);
        }
        assertArrayEquals(want, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void aBroadcastOperandGetsItsGradientSummedBackToItsShape() {
        Tensor m = Tensors.tensor(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        Tensor b = Tensors.tensor(10.0, 20.0, 30.0).requiresGrad(true);
        m.mul(b).sum().backward();
        assertArrayEquals(new long[] {3}, b.grad().shape());
        assertArrayEquals(new double[] {5, 7, 9}, b.grad().toDoubleArray(), TOL);
        assertArrayEquals(new double[] {10, 20, 30, 10, 20, 30}, m.grad().toDoubleArray(), TOL);
    }

    @Test
    void secondBackwardAccumulatesIntoTheSameGrad() {
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        x.mul(3.0).sum().backward();
        x.mul(3.0).sum().backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void zeroGradClearsTheAccumulatedGradient() {
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        x.mul(3.0).sum().backward();
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(2.0).sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void backwardWithAGivenGradientComputesThatVectorJacobianProduct() {
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(x);
        y.backward(Tensors.tensor(1.0, 10.0));
        assertArrayEquals(new double[] {2, 40}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void float32LeavesGetFloat32Gradients() {
        Tensor x = Tensors.tensor(1f, 2f).requiresGrad(true);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 4}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void inputsThatDoNotRequireGradGetNoGradient() {
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        Tensor c = Tensors.tensor(5.0, 6.0);
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertArrayEquals(new double[] {5, 6}, x.grad().toDoubleArray(), TOL);
    }

    @Test
    void noGradScopeRecordsNothingAndRestoresTheModeOnClose() {
        Tensor x = Tensors.tensor(1.0).requiresGrad(true);
        Tensor inside;
        try (GradMode.Scope s = GradMode.disabled()) {
            inside = x.mul(2.0);
            assertFalse(GradMode.isEnabled());
            try (GradMode.Scope s2 = GradMode.enabled()) {
                assertTrue(x.mul(2.0).requiresGrad(), "an enabled scope inside no-grad records again");
            }
            assertFalse(GradMode.isEnabled(), "closing the inner scope restores no-grad");
        }
        assertFalse(inside.requiresGrad());
        assertTrue(inside.isLeaf());
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void detachSharesDataButLeavesTheGraph() {
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(2.0);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertSame(y.array(), d.array());
        // Gradient through the detached branch is cut: only the y*1 path reaches x.
        y.add(d.mul(100.0)).sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray(), TOL);
    }
}
