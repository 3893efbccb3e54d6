package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are what PyTorch 2.x prints for the same values. */
class TensorPrintingTest {
    @Test
    void wholeFloatsPrintWithATrailingDot() {
        assertEquals("tensor([1., 2., 3.])", Tensors.tensor(1f, 2f, 3f).toString());
    }

    @Test
    void fractionsPrintWithFourDecimalsAlignedOnNewLines() {
        Tensor t = Tensors.tensor(new float[][] {{1.5f, 2.25f}, {-3f, 4f}});
        assertEquals("tensor([[ 1.5000,  2.2500],\n        [-3.0000,  4.0000]])", t.toString());
    }

    @Test
    void integersAndBoolsPrintWithoutDecimals() {
        assertEquals("tensor([1, 2, 3])", Tensors.tensor(1L, 2L, 3L).toString());
        assertEquals("tensor([ True, False])", Tensors.tensor(true, false).toString());
    }

    @Test
    void aWideRangeSwitchesToScientificNotation() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensors.tensor(1e-5f, 1f).toString());
    }

    @Test
    void zeroDimensionalTensorsPrintTheirValue() {
        assertEquals("tensor(3.5000)", Tensors.tensor(3.5).toString());
    }

    @Test
    void leavesThatRequireGradSaySo() {
        assertEquals("tensor([1., 2.], requires_grad=True)", Tensors.tensor(1f, 2f).requiresGrad(true).toString());
    }

    @Test
    void resultsOfRecordedOpsNameTheirBackwardFunction() {
        Tensor x = Tensors.tensor(1f, 2f).requiresGrad(true);
        assertEquals("tensor([2., 4.], grad_fn=<MulBackward0>)", x.mul(2.0).toString());
    }
}
