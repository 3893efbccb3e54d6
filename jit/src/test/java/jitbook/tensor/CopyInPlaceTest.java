package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.ops.DType;
import jitbook.ops.OpException;

/** copyInPlace broadcasts its source as PyTorch's {@code copy_} does, keeping the destination's dtype. */
class CopyInPlaceTest {
    @Test
    void broadcastsARowIntoEveryRow() {
        Tensor dst = Tensors.zeros(2, 3);
        dst.copyInPlace(Tensors.tensor(1f, 2f, 3f));
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, dst.toFloatArray());
        dst.copyInPlace(Tensors.tensor(new double[][] {{7}, {8}}));
        assertArrayEquals(new float[] {7, 7, 7, 8, 8, 8}, dst.toFloatArray());
        assertTrue(dst.dtype() == DType.FLOAT32, "the destination keeps its dtype");
    }

    @Test
    void refusesASourceThatDoesNotBroadcastToTheDestination() {
        Tensor dst = Tensors.zeros(2, 3);
        OpException e = assertThrows(OpException.class, () -> dst.copyInPlace(Tensors.zeros(2, 3, 1)));
        assertTrue(e.getMessage().contains("[2, 3, 1]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(OpException.class, () -> dst.copyInPlace(Tensors.zeros(4)));
    }
}
