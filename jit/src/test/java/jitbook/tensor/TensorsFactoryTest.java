package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.ops.DType;
import jitbook.ops.OpDef;

class TensorsFactoryTest {
    @Test
    void zerosOnesAndFullAreFloat32ByDefault() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Tensors.zeros(2, 3).toFloatArray());
        assertArrayEquals(new long[] {2, 3}, Tensors.ones(2, 3).shape());
        assertArrayEquals(new float[] {1, 1}, Tensors.ones(2).toFloatArray());
        assertArrayEquals(new float[] {7, 7}, Tensors.full(new long[] {2}, 7).toFloatArray());
        assertEquals(DType.FLOAT32, Tensors.zeros(1).dtype());
    }

    @Test
    void factoriesTakeAnExplicitDtype() {
        assertEquals(DType.FLOAT64, Tensors.zeros(new long[] {2}, DType.FLOAT64).dtype());
        assertEquals(DType.INT64, Tensors.ones(new long[] {2}, DType.INT64).dtype());
        assertArrayEquals(new long[] {3, 3}, Tensors.full(new long[] {2}, 3, DType.INT64).toLongArray());
    }

    @Test
    void arangeCountsLikePython() {
        Tensor a = Tensors.arange(4);
        assertEquals(DType.INT64, a.dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3}, a.toLongArray());
        assertArrayEquals(new long[] {2, 3, 4}, Tensors.arange(2, 5).toLongArray());
        Tensor f = Tensors.arange(0.0, 1.0, 0.25);
        assertEquals(DType.FLOAT32, f.dtype());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f}, f.toFloatArray());
    }

    @Test
    void eyeIsTheIdentity() {
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensors.eye(3).toFloatArray());
    }

    @Test
    void likeFactoriesCopyShapeAndDtype() {
        Tensor x = Tensors.tensor(new double[][] {{1, 2}, {3, 4}});
        Tensor z = Tensors.zerosLike(x);
        assertEquals(DType.FLOAT64, z.dtype());
        assertArrayEquals(new long[] {2, 2}, z.shape());
        assertArrayEquals(new double[] {1, 1, 1, 1}, Tensors.onesLike(x).toDoubleArray());
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        Tensors.manualSeed(42);
        float[] a = Tensors.rand(5).toFloatArray();
        float[] n = Tensors.randn(5).toFloatArray();
        Tensors.manualSeed(42);
        assertArrayEquals(a, Tensors.rand(5).toFloatArray());
        assertArrayEquals(n, Tensors.randn(5).toFloatArray());
    }

    @Test
    void randIsUniformInTheUnitIntervalAndRandnIsStandardNormal() {
        Tensors.manualSeed(7);
        float[] u = Tensors.rand(10_000).toFloatArray();
        double mean = 0;
        for (float v : u) {
            assertTrue(v >= 0 && v < 1);
            mean += v / u.length;
        }
        assertEquals(0.5, mean, 0.02);
        float[] n = Tensors.randn(10_000).toFloatArray();
        double m = 0;
        double sq = 0;
        for (float v : n) {
            m += v / n.length;
            sq += (double) v * v / n.length;
        }
        assertEquals(0.0, m, 0.05);
        assertEquals(1.0, sq - m * m, 0.05);
    }

    @Test
    void factoriesGoThroughTheDispatcherSoATraceSeesThem() {
        List<String> seen = new ArrayList<>();
        DispatchListener recorder = new DispatchListener() {
            @Override
            public void onOp(OpDef op, Object[] args, Object result) {
                seen.add(op.name());
                // A trace records these arguments against the schema, so their number must match it.
                assertEquals(op.schema().arity(), args.length, op.toString());
            }

            @Override
            public void onEscape(Tensor tensor, String how) {
            }
        };
        try (Dispatcher.Scope s = Dispatcher.listen(recorder)) {
            Tensors.zeros(2);
            Tensors.ones(2);
            Tensors.full(new long[] {2}, 1);
            Tensors.arange(3);
            Tensors.eye(2);
            Tensors.rand(2);
            Tensors.randn(2);
            Tensors.zerosLike(Tensors.tensor(1f));
            Tensors.onesLike(Tensors.tensor(1f));
        }
        assertEquals(List.of("tensor::zeros", "tensor::ones", "tensor::full", "tensor::arange", "tensor::eye",
                "tensor::rand", "tensor::randn", "tensor::zeros_like", "tensor::ones_like"), seen);
    }
}
