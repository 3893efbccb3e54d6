package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import jitbook.io.ModelFormatException;
import jitbook.io.Npy;
import jitbook.jit.Jit;
import jitbook.ops.Shapes;

/**
 * Shape products are exact (issue 19): 3 x 6148914691236517206 wraps around 64 bits to 2, and
 * a wrapped product must never pass for a small element count, whether the shape comes from a
 * factory, a reshape, an expand, compiled code or a .npy header.
 */
class ShapeOverflowTest {
    /** 3 * this = 2 (mod 2^64). */
    static final long WRAPS_TO_TWO = 6148914691236517206L;

    @Test
    void theWrappedProductIsTwo() {
        assertEquals(2L, 3 * WRAPS_TO_TWO, "the premise of these tests");
        assertEquals(Long.MAX_VALUE, Shapes.times(3, WRAPS_TO_TWO));
        assertEquals(0L, Shapes.times(0, WRAPS_TO_TWO));
    }

    @Test
    void factoriesRefuseAShapeWhoseProductOverflows() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> Tensors.zeros(3, WRAPS_TO_TWO));
        assertTrue(e.getMessage().contains("6148914691236517206"), e.getMessage());
        assertThrows(RuntimeException.class, () -> Tensors.ones(WRAPS_TO_TWO, 3));
        assertThrows(RuntimeException.class, () -> Tensors.zeros(1L << 32, 1L << 32, 4));
    }

    @Test
    void reshapeAndExpandRefuseIt() {
        Tensor two = Tensors.zeros(2);
        assertThrows(RuntimeException.class, () -> two.reshape(3, WRAPS_TO_TWO));
        assertThrows(RuntimeException.class, () -> Tensors.zeros(1, 1).expand(3, WRAPS_TO_TWO));
    }

    @Test
    void compiledCodeRefusesItToo() {
        var f = Jit.script("Tensor f(Tensor x) { return Tensors.zeros(3, 6148914691236517206L).add(x); }");
        assertThrows(RuntimeException.class, () -> f.call(Tensors.zeros(1)));
    }

    @Test
    void aZeroSizeTensorMayHaveHugeOtherDims() {
        Tensor e = Tensors.zeros(0, WRAPS_TO_TWO);
        assertEquals(0, e.numel());
        assertArrayEquals(new long[] {0, WRAPS_TO_TWO}, e.shape());
    }

    @Test
    void anNpyHeaderWhoseShapeOverflowsIsRefused() {
        byte[] npy = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 6148914691236517206), }", 8);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Npy.read(npy, "m.jbm", "t.npy"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    /** A version 1.0 .npy file with this header dict and {@code dataBytes} zero bytes of data. */
    static byte[] npy(String dict, int dataBytes) {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length).put(header);
        return b.array();
    }
}
