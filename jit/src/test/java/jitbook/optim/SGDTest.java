package jitbook.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class SGDTest {
    /** An ill-conditioned quadratic: curvatures 1 and 50, minimum at (3, -2). */
    private static Tensor quadratic(Tensor w) {
        Tensor d = w.sub(Tensors.tensor(3.0, -2.0));
        return d.mul(d).mul(Tensors.tensor(1.0, 50.0)).sum();
    }

    private static double minimize(SGD opt, Tensor w, int steps) {
        double loss = Double.NaN;
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            Tensor l = quadratic(w);
            loss = l.item();
            l.backward();
            opt.step();
        }
        return loss;
    }

    @Test
    void momentumDecreasesAQuadraticLossFasterThanPlainSteps() {
        Tensor w = Tensors.tensor(0.0, 0.0).requiresGrad(true);
        double initial = quadratic(w).item();
        double withMomentum = minimize(new SGD(List.of(w), 0.005, 0.9, 0.0), w, 100);
        Tensor plainW = Tensors.tensor(0.0, 0.0).requiresGrad(true);
        double plain = minimize(new SGD(List.of(plainW), 0.005), plainW, 100);
        assertTrue(withMomentum < 1e-3 * initial, "loss went from " + initial + " to " + withMomentum);
        assertTrue(withMomentum < plain, "momentum " + withMomentum + " vs plain " + plain);
        assertArrayEquals(new double[] {3, -2}, w.toDoubleArray(), 0.05);
    }

    @Test
    void aStepMovesAgainstTheGradientByTheLearningRate() {
        Tensor w = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        SGD opt = new SGD(List.of(w), 0.1);
        w.mul(Tensors.tensor(3.0, -4.0)).sum().backward();
        opt.step();
        assertArrayEquals(new double[] {1 - 0.3, 2 + 0.4}, w.toDoubleArray(), 1e-12);
    }

    @Test
    void momentumAddsTheRunningBufferAsPyTorchDoes() {
        Tensor w = Tensors.tensor(0.0).requiresGrad(true);
        SGD opt = new SGD(List.of(w), 1.0, 0.5, 0.0);
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            w.mul(1.0).sum().backward(); // gradient 1 each step
            opt.step();
        }
        // buffers 1, 1.5, 1.75: w = -(1 + 1.5 + 1.75)
        assertEquals(-4.25, w.item(), 1e-12);
    }

    @Test
    void weightDecayShrinksParametersTowardsZero() {
        Tensor w = Tensors.tensor(2.0).requiresGrad(true);
        SGD opt = new SGD(List.of(w), 0.5, 0.0, 0.1);
        w.mul(0.0).sum().backward();
        opt.step();
        assertEquals(2.0 - 0.5 * 0.1 * 2.0, w.item(), 1e-6);
    }

    @Test
    void stepUpdatesTheParameterObjectInPlace() {
        Tensor w = Tensors.tensor(1f).requiresGrad(true);
        SGD opt = new SGD(List.of(w), 0.1);
        w.mul(2.0).sum().backward();
        opt.step();
        assertSame(w, opt.parameters().get(0));
        assertEquals(0.8, w.item(), 1e-6);
        assertTrue(w.requiresGrad() && w.isLeaf());
    }

    @Test
    void parametersWithoutGradientsAreLeftAlone() {
        Tensor used = Tensors.tensor(1.0).requiresGrad(true);
        Tensor unused = Tensors.tensor(5.0).requiresGrad(true);
        SGD opt = new SGD(List.of(used, unused), 0.1, 0.9, 0.1);
        used.mul(1.0).sum().backward();
        opt.step();
        assertEquals(5.0, unused.item());
    }

    @Test
    void tensorsThatDoNotRequireGradAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(Tensors.tensor(1.0)), 0.1));
        assertTrue(e.getMessage().contains("without requiresGrad"), e.getMessage());
    }
}
