package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jitbook.ops.Args;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpException;
import jitbook.ops.OpRegistry;
import jitbook.ops.OpTrait;
import jitbook.ops.ShapeRules;

class GradCheckTest {
    @Test
    void aCompositeElementwiseExpressionPasses() {
        Tensor x = Tensors.tensor(new float[][] {{0.3f, -0.7f, 1.2f}, {0.1f, 0.5f, -1.5f}});
        Tensor b = Tensors.tensor(0.2f, -0.4f, 0.9f);
        GradCheck.Report r = GradCheck.assertGradients(in -> in[0].mul(in[1]).add(in[0]).tanh().mul(0.5).sigmoid(), x, b);
        assertTrue(r.passed(), r.toString());
        assertEquals(9, r.checkedElements());
    }

    @Test
    void inputsAreCheckedInFloat64WhateverTheirDtype() {
        Tensor[] seen = new Tensor[1];
        GradCheck.assertGradients(in -> {
            seen[0] = in[0];
            return in[0].exp();
        }, Tensors.tensor(0.5f, 1.5f));
        assertEquals(DType.FLOAT64, seen[0].dtype());
    }

    @Test
    void aWrongGradientRuleFailsWithAReportOfTheWorstElement() {
        // square(x) = x*x, with a rule that forgets the factor 2: gy * x.
        OpDef wrong = OpDef.builder("test::bad_square", "badSquare(Tensor self) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array("test::bad_square", a, 0);
                    NdArray out = NdArray.zeros(x.dtype(), x.shape());
                    for (int i = 0; i < x.numel(); i++) out.setDouble(i, x.getDouble(i) * x.getDouble(i));
                    return out;
                })
                .shape(ShapeRules.SAME)
                .grad((g, in, out, gy) -> Arrays.asList(g.mul(gy, in.get(0))))
                .traits(OpTrait.PURE)
                .register(new OpRegistry());
        GradCheck.Report r = GradCheck.check(in -> (Tensor) Dispatcher.call(wrong, in[0]), Tensors.tensor(1.0, -3.0));
        assertFalse(r.passed());
        assertEquals(2, r.failedElements());
        // The worst element is x = -3: analytic -3 * v against numeric -6 * v.
        assertTrue(r.worst().startsWith("input 0 [2] at [1]"), r.worst());
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.assertGradients(in -> (Tensor) Dispatcher.call(wrong, in[0]), Tensors.tensor(1.0, -3.0)));
        assertTrue(e.getMessage().contains("gradcheck FAILED: 2 of 2"), e.getMessage());
    }

    @Test
    void integerInputsArePassedThroughUnchecked() {
        Tensor x = Tensors.tensor(0.5, 2.0);
        Tensor k = Tensors.tensor(3L, 4L);
        GradCheck.Report r = GradCheck.assertGradients(in -> in[0].mul(in[1]), x, k);
        assertEquals(2, r.checkedElements());
    }

    @Test
    void closuresAreCheckedAgainstTheNamedTensorsTheyRead() {
        Tensor w = Tensors.tensor(0.5, -0.25).requiresGrad(true);
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        GradCheck.Report r = GradCheck.assertGradients(() -> x.mul(w).sin(), Map.of("w", w, "x", x));
        assertEquals(4, r.checkedElements());
    }

    @Test
    void closuresOverFloat32TensorsAreRefusedWithAHint() {
        Tensor w = Tensors.tensor(0.5f).requiresGrad(true);
        OpException e = assertThrows(OpException.class, () -> GradCheck.check(() -> w.exp(), Map.of("w", w)));
        assertTrue(e.getMessage().contains("w must be a float64 leaf"), e.getMessage());
    }
}
