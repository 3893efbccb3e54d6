package jitbook.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import jitbook.io.Npy;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Adam's one-pass step (AdamKernel) against torch.optim.Adam: six steps with weight decay and
 * gradients spanning 1e-4 to 1e2, float32 and float64 (fixtures/optim/gen_adam.py).
 */
class AdamFixtureTest {
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void sixStepsMatchTorchOptimAdam(String dtype) {
        NdArray p0 = load("adam_" + dtype + "_p0.npy");
        NdArray grads = load("adam_" + dtype + "_grads.npy");
        NdArray expected = load("adam_" + dtype + "_params.npy");
        Tensor p = Tensor.fromArray(p0.copy()).requiresGrad(true);
        Adam opt = new Adam(List.of(p), 0.01, 0.8, 0.95, 1e-6, 0.05);
        Tensor all = Tensor.fromArray(grads);
        Tensor after = Tensor.fromArray(expected);
        double tol = dtype.equals("float32") ? 2e-6 : 1e-12;
        for (int k = 0; k < 6; k++) {
            opt.zeroGrad();
            p.mul(all.select(0, k)).sum().backward(); // the gradient is step k's
            opt.step();
            assertEquals(p0.dtype(), p.dtype());
            double[] want = after.select(0, k).toDoubleArray();
            double[] got = p.toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                assertTrue(Math.abs(want[i] - got[i]) <= tol * (1 + Math.abs(want[i])),
                        dtype + " step " + (k + 1) + " element " + i + ": torch " + want[i] + ", jitbook " + got[i]);
            }
        }
    }

    @Test
    void aStepLeavesTheParametersOldArrayUntouched() {
        Tensor p = Tensors.tensor(1f, 2f, 3f).requiresGrad(true);
        NdArray before = p.array();
        Adam opt = new Adam(List.of(p), 0.1);
        p.mul(p).sum().backward();
        opt.step();
        assertArrayEquals(new float[] {1f, 2f, 3f}, before.floats(), "an autograd graph may still hold the old values");
        assertArrayEquals(new float[] {0.9f, 1.9f, 2.9f}, p.toFloatArray(), 1e-6f);
    }

    private static NdArray load(String name) {
        String path = "fixtures/optim/" + name;
        try (InputStream in = AdamFixtureTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new AssertionError("missing fixture " + path + " (run gen_adam.py)");
            return Npy.read(in.readAllBytes(), path, name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
