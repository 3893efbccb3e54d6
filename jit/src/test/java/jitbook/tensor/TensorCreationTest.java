package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import jitbook.ops.DType;
import jitbook.ops.OpException;

class TensorCreationTest {
    @Test
    void nestedFloatArraysGiveFloat32WithTheirShape() {
        Tensor t = Tensors.tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toFloatArray());
    }

    @Test
    void eachJavaElementTypeKeepsItsKind() {
        assertEquals(DType.FLOAT64, Tensors.tensor(new double[][] {{1.5}}).dtype());
        assertEquals(DType.INT64, Tensors.tensor(new int[][] {{1, 2}}).dtype());
        assertEquals(DType.INT64, Tensors.tensor(new long[][][] {{{7}}}).dtype());
        assertEquals(DType.BOOL, Tensors.tensor(new boolean[][] {{true, false}}).dtype());
        assertEquals(DType.FLOAT64, Tensors.tensor(1.0, 2.0).dtype());
        assertEquals(DType.INT64, Tensors.tensor(1, 2).dtype());
    }

    @Test
    void threeLevelsOfNestingGiveRankThree() {
        Tensor t = Tensors.tensor(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
        assertArrayEquals(new long[] {2, 2, 2}, t.shape());
        assertEquals(8, t.numel());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, t.toDoubleArray());
    }

    @Test
    void aBoxedNumberGivesAZeroDimensionalTensor() {
        Tensor t = Tensors.tensor(2.5);
        assertEquals(0, t.dim());
        assertEquals(2.5, t.item());
    }

    @Test
    void raggedNestedArraysAreRefusedWithTheirDepth() {
        OpException e = assertThrows(OpException.class, () -> Tensors.tensor(new float[][] {{1, 2}, {3}}));
        assertEquals("tensor", e.op());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not rectangular"), e.getMessage());
    }

    @Test
    void creatingFromAnArrayCopiesIt() {
        float[] data = {1, 2};
        Tensor t = Tensors.tensor(data);
        data[0] = 99;
        assertEquals(1f, t.toFloatArray()[0]);
    }
}
