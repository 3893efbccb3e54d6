package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gradient checker itself: it must catch a wrong rule, not only pass right ones. */
class ArrayGradCheckTest {
    @Test
    void catchesAWrongGradientRule() {
        OpRegistry r = new OpRegistry();
        OpDef wrong = OpDef.builder("tensor::square_wrong", "squareWrong(Tensor self) -> Tensor")
                .kernel(a -> ((OpDef) OpRegistry.global().get("tensor::mul")).run(a[0], a[0]))
                .shape(ShapeRules.SAME)
                // d x^2 = 2x, not x
                .grad((g, in, out, gy) -> Arrays.asList(g.mul(gy, in.get(0))))
                .traits(OpTrait.PURE).doc("test").register(r);
        ArrayGradCheck.Result res = ArrayGradCheck.checkOp(wrong, new Object[] {Ref.f64(3)}, 1);
        assertFalse(res.ok, res.toString());
    }

    @Test
    void numericVjpOfASumIsTheOutputGradientBroadcast() {
        NdArray x = Ref.f64(2, 3);
        NdArray gy = NdArray.scalar(DType.FLOAT64, 2.0);
        List<Object> g = ArrayGradCheck.numericVjp(a -> OpRegistry.global().get("tensor::sum").run(a[0], null, false),
                new Object[] {x}, gy, 1e-6);
        NdArray gx = (NdArray) g.get(0);
        for (int i = 0; i < gx.numel(); i++) assertEquals(2.0, gx.getDouble(i), 1e-8);
        Ref.assertMatches(Ref.f64(0).copy(), Ref.f64(0), "");
    }

    @Test
    void gradientsOfTensorListsAreListsAndInputsAreLeftAlone() {
        NdArray a = Ref.f64(2);
        NdArray b = Ref.f64(3);
        NdArray before = a.copy();
        OpDef cat = OpRegistry.global().get("tensor::cat");
        ArrayGradCheck.Result res = ArrayGradCheck.checkOp(cat, new Object[] {Ref.list(a, b), 0L}, 3);
        assertTrue(res.ok, res.toString());
        Ref.assertMatches(before, a, "input after the check");
        List<Object> g = new ArrayGradContext().vjp(cat, new Object[] {Ref.list(a, b)}, cat.run(Ref.list(a, b), 0L), Ref.f64(5));
        assertTrue(g.get(0) instanceof List && ((List<?>) g.get(0)).size() == 2);
    }
}
