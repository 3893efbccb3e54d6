package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A sum over dims that are not all last walks its input in memory order instead of permuting it
 * first; each result must keep exactly the bits of the permuted sum (same order of additions),
 * for every pattern of reduced dims, float32 and float64, keepdim or not, odd and zero sizes.
 */
class SumLayoutTest {
    @Test
    void sumsOverLeadingAndInterleavedDimsHaveThePermutedSumsBits() {
        Random rnd = new Random(7);
        int checked = 0;
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + rnd.nextInt(4);
            long[] shape = new long[rank];
            for (int i = 0; i < rank; i++) shape[i] = trial % 50 == 0 && i == 1 ? 0 : 1 + rnd.nextInt(7);
            List<Long> dims = new ArrayList<>();
            for (int i = 0; i < rank; i++) if (rnd.nextBoolean()) dims.add((long) (rnd.nextBoolean() ? i : i - rank));
            long[] d = dims.stream().mapToLong(Long::longValue).toArray();
            DType t = rnd.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
            NdArray x = Ref.build(t, shape, i -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(9) - 4));
            boolean keep = rnd.nextBoolean();
            NdArray fast = Reductions.sum("tensor::sum", x, d, keep);
            NdArray permuted = Reductions.sumPermuted("tensor::sum", x, d, keep);
            assertEquals(permuted.dtype(), fast.dtype());
            assertArrayEquals(permuted.shape(), fast.shape(), "shape for " + Shapes.str(shape) + " dims " + dims);
            for (int i = 0; i < fast.numel(); i++) {
                assertEquals(Double.doubleToLongBits(permuted.getDouble(i)), Double.doubleToLongBits(fast.getDouble(i)),
                        "element " + i + " of the sum of " + Shapes.str(shape) + " over " + dims + " (" + t + ")");
            }
            checked++;
        }
        assertEquals(300, checked);
    }

    @Test
    void aBiasGradientSumsTheBatchWithoutAPermutedCopy() {
        NdArray gy = Ref.build(DType.FLOAT32, new long[] {3, 4}, i -> i[0] * 10 + i[1]);
        NdArray g = Reductions.sumToSize("tensor::sum_to_size", gy, new long[] {4});
        assertArrayEquals(new long[] {4}, g.shape());
        assertArrayEquals(new float[] {30, 33, 36, 39}, g.floats());
        NdArray conv = Ref.build(DType.FLOAT64, new long[] {2, 3, 2, 2}, i -> i[1] + 0.5 * i[0]);
        NdArray perChannel = Reductions.sum("tensor::sum", conv, new long[] {0, 2, 3}, false);
        assertArrayEquals(new double[] {2, 10, 18}, perChannel.doubles(), 0);
    }
}
