package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.ops.OpException;

class TensorErrorsTest {
    @Test
    void shapesThatDoNotBroadcastAreReportedWithTheOpAndBothShapes() {
        Tensor a = Tensors.tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensors.tensor(1f, 2f, 3f, 4f);
        OpException e = assertThrows(OpException.class, () -> a.add(b));
        assertEquals("tensor::add", e.op());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void backwardFromANonScalarWithoutAGradientSaysWhatToDo() {
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        OpException e = assertThrows(OpException.class, () -> x.mul(2.0).backward());
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("backward(gradient)"), e.getMessage());
    }

    @Test
    void backwardWithAGradientOfTheWrongShapeNamesBothShapes() {
        Tensor x = Tensors.tensor(1.0, 2.0).requiresGrad(true);
        OpException e = assertThrows(OpException.class, () -> x.mul(2.0).backward(Tensors.tensor(1.0, 2.0, 3.0)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void backwardFromATensorOutsideAnyGraphIsRefused() {
        OpException e = assertThrows(OpException.class, () -> Tensors.tensor(1.0).mul(2.0).backward());
        assertTrue(e.getMessage().contains("requiresGrad(true)"), e.getMessage());
    }

    @Test
    void integerTensorsCannotRequireGrad() {
        OpException e = assertThrows(OpException.class, () -> Tensors.tensor(1L, 2L).requiresGrad(true));
        assertTrue(e.getMessage().contains("Long"), e.getMessage());
    }

    @Test
    void itemOnAManyElementTensorNamesItsShape() {
        OpException e = assertThrows(OpException.class, () -> Tensors.tensor(1f, 2f).item());
        assertTrue(e.getMessage().startsWith("item:") && e.getMessage().contains("[2]"), e.getMessage());
    }
}
