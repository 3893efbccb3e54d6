package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import jitbook.ops.DType;

class BroadcastingTest {
    @Test
    void aRowIsAddedToEveryRowOfAMatrix() {
        Tensor m = Tensors.tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor r = Tensors.tensor(10f, 20f, 30f);
        Tensor s = m.add(r);
        assertArrayEquals(new long[] {2, 3}, s.shape());
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, s.toFloatArray());
    }

    @Test
    void aColumnTimesARowGivesTheirOuterProduct() {
        Tensor col = Tensors.tensor(new float[][] {{1}, {2}});
        Tensor row = Tensors.tensor(new float[][] {{3, 4, 5}});
        Tensor p = col.mul(row);
        assertArrayEquals(new long[] {2, 3}, p.shape());
        assertArrayEquals(new float[] {3, 4, 5, 6, 8, 10}, p.toFloatArray());
    }

    @Test
    void aJavaNumberIsBroadcastAndKeepsTheTensorsDtype() {
        Tensor x = Tensors.tensor(1f, 2f);
        Tensor y = x.mul(0.5).add(1);
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new float[] {1.5f, 2f}, y.toFloatArray());
    }

    @Test
    void mixingFloat32AndFloat64PromotesToFloat64() {
        Tensor y = Tensors.tensor(1f, 2f).add(Tensors.tensor(0.5, 0.25));
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new double[] {1.5, 2.25}, y.toDoubleArray());
    }
}
