package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code linear} through GEMM adds its bias to the product's rows in place; the result must be
 * the bits of the product followed by the broadcast {@code add}, for float32 and float64, 2-D and
 * 3-D inputs and biases of shape (out) and (1, out). Float32 cases are above the row kernel's
 * limit (LinearRows.VECTOR_LIMIT multiply-adds), so that both sides take the GEMM product.
 */
class LinearBiasTest {
    private static final OpDef LINEAR = OpRegistry.global().get("tensor::linear");
    private static final OpDef ADD = OpRegistry.global().get("tensor::add");

    @Test
    void theBiasAddedInPlaceHasTheBroadcastAddsBits() {
        long[][][] cases = {
            {{64, 512}, {512, 512}, {512}},
            {{4, 64, 300}, {300, 300}, {300}},
            {{64, 1024}, {300, 1024}, {1, 300}},
            {{3, 5}, {7, 5}, {7}},
            {{0, 64}, {32, 64}, {32}},
        };
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (long[][] c : cases) {
                NdArray x = Ref.randn(t, c[0]);
                NdArray w = Ref.randn(t, c[1]);
                NdArray b = Ref.randn(t, c[2]);
                NdArray fused = (NdArray) LINEAR.run(new Object[] {x, w, b});
                NdArray separate = (NdArray) ADD.run(new Object[] {LINEAR.run(new Object[] {x, w, null}), b});
                assertArrayEquals(separate.shape(), fused.shape());
                for (int i = 0; i < fused.numel(); i++) {
                    assertEquals(Double.doubleToLongBits(separate.getDouble(i)), Double.doubleToLongBits(fused.getDouble(i)),
                            "element " + i + " of linear " + Shapes.str(c[0]) + " x " + Shapes.str(c[1]) + " + " + Shapes.str(c[2]) + " " + t);
                }
            }
        }
    }
}
