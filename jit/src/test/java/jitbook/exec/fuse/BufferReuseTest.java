package jitbook.exec.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.passes.PassPipeline;

/**
 * Fusion-group outputs that die inside the graph reuse their arrays across calls and loop
 * iterations; outputs the caller can see never do (a reader's result sharing the array: see
 * {@code jitbook.exec.PooledValueWatchTest}).
 */
class BufferReuseTest {
    private static final long ROWS = 200;
    private static final long COLS = 100; // 20,000 elements: above BufferPool.MIN_ELEMENTS

    static Interpreter fused(String ir) {
        Graph g = Jit.parseIr(ir);
        PassPipeline.of("fuse").run(g);
        assertTrue(g.toString().contains("prim::FusionGroup"), g.toString());
        return new Interpreter(g);
    }

    static NdArray random(long[] shape, long seed) {
        Random rnd = new Random(seed);
        NdArray a = NdArray.zeros(DType.FLOAT32, shape);
        for (int i = 0; i < a.numel(); i++) a.setDouble(i, rnd.nextGaussian());
        return a;
    }

    @Test
    void aPrivateIntermediateIsWrittenIntoTheArrayTheLastCallGaveBack() {
        String ir = "graph(%x : Float(200, 100), %w : Float(100, 10)):\n"
                + "  %a : Tensor = tensor::mul(%x, %x)\n"
                + "  %b : Tensor = tensor::tanh(%a)\n"
                + "  %y : Tensor = tensor::matmul(%b, %w)\n"
                + "  return (%y)";
        Interpreter ref = new Interpreter(Jit.parseIr(ir));
        Interpreter fused = fused(ir);
        NdArray w = random(new long[] {COLS, 10}, 2);
        long reusedBefore = BufferPool.reusedCount();
        for (int call = 0; call < 4; call++) {
            Object[] args = {random(new long[] {ROWS, COLS}, 10 + call), w};
            FusedAssert.close(ref.run(args)[0], fused.run(args)[0], 1e-5, 1e-5, "call " + call);
        }
        assertTrue(BufferPool.reusedCount() - reusedBefore >= 3, "calls after the first reuse the intermediate's array");
    }

    @Test
    void loopIterationsReuseTheArrayOfTheIterationBefore() {
        String ir = "graph(%x : Float(200, 100), %n : int):\n"
                + "  %t : bool = prim::Constant[value=1]()\n"
                + "  %z : double = prim::Constant[value=0.0]()\n"
                + "  %acc : Tensor = tensor::mul(%x, %z)\n"
                + "  %r : Tensor = prim::Loop(%n, %t, %acc)\n"
                + "    block0(%i : int, %s : Tensor):\n"
                + "      %a : Tensor = tensor::mul(%x, %s)\n"
                + "      %b : Tensor = tensor::sigmoid(%a)\n"
                + "      %c : Tensor = tensor::sum(%b)\n"
                + "      %d : Tensor = tensor::add(%s, %c)\n"
                + "      -> (%t, %d)\n"
                + "  return (%r)";
        Interpreter ref = new Interpreter(Jit.parseIr(ir));
        Interpreter fused = fused(ir);
        Object[] args = {random(new long[] {ROWS, COLS}, 3), 5};
        long reusedBefore = BufferPool.reusedCount();
        FusedAssert.close(ref.run(args)[0], fused.run(args)[0], 1e-4, 1e-5, "loop");
        assertTrue(BufferPool.reusedCount() - reusedBefore >= 1, "iterations after the first reuse the array");
    }

    @Test
    void returnedOutputsAreFreshOnEveryCall() {
        String ir = "graph(%x : Float(200, 100)):\n"
                + "  %a : Tensor = tensor::mul(%x, %x)\n"
                + "  %b : Tensor = tensor::tanh(%a)\n"
                + "  return (%b)";
        Interpreter fused = fused(ir);
        NdArray x = random(new long[] {ROWS, COLS}, 4);
        NdArray first = (NdArray) fused.run(new Object[] {x})[0];
        float[] kept = first.floats().clone();
        NdArray second = (NdArray) fused.run(new Object[] {random(new long[] {ROWS, COLS}, 5)})[0];
        assertNotSame(first.data(), second.data());
        assertTrue(Arrays.equals(kept, first.floats()), "the first result is untouched by the second call");
    }

    @Test
    void thePoolLendsEachArrayToOneHolderAtATimeAndIgnoresStrangers() {
        BufferPool pool = new BufferPool();
        Object a = pool.take(DType.FLOAT32, 100);
        Object b = pool.take(DType.FLOAT32, 100);
        assertNotSame(a, b, "an array lent out is not lent again");
        pool.give(new float[100]); // never lent: ignored
        pool.give(a);
        pool.give(a); // given twice: kept once
        assertSame(a, pool.take(DType.FLOAT32, 100));
        assertNotSame(a, pool.take(DType.FLOAT32, 100));
        Object c = pool.take(DType.FLOAT64, 100);
        pool.escape(c);
        pool.give(c);
        assertEquals(double[].class, pool.take(DType.FLOAT64, 100).getClass());
        assertNotSame(c, pool.take(DType.FLOAT64, 100), "an escaped array is not taken back");
    }
}
