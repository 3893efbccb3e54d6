package jitbook.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.exec.fuse.FusedGroup;
import jitbook.ops.DType;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;
import jitbook.trace.TraceOptions;

/** {@link ScriptFunction#callInto}: PyTorch's out=, written straight by fused kernels where that is safe. */
class CallIntoTest {
    private static final long N = 20_000;

    static ScriptFunction chain() {
        return Jit.trace((x, w, b) -> x.mul(w).add(b).tanh().mul(0.5).add(x).sigmoid(),
                Tensors.randn(N), Tensors.randn(N), Tensors.randn(N));
    }

    @Test
    void aFusedResultIsWrittenStraightIntoTheOutTensorOnEveryCall() {
        ScriptFunction f = chain();
        Tensor out = Tensors.zeros(N);
        Object storage = out.array().data();
        long before = FusedGroup.destinationWrites();
        for (int call = 0; call < 5; call++) {
            Tensor x = Tensors.randn(N);
            Tensor w = Tensors.randn(N);
            Tensor b = Tensors.randn(N);
            float[] want = ((Tensor) f.call(x, w, b)).array().floats();
            assertSame(out, f.callInto(out, x, w, b));
            assertSame(storage, out.array().data(), "the out tensor keeps its storage");
            assertArrayEquals(want, out.array().floats(), "call " + call);
        }
        // the first calls profile (unfused, copied in); the specialized plan's kernel then writes directly
        assertTrue(FusedGroup.destinationWrites() - before >= 2, "the fused kernel wrote into out");
    }

    @Test
    void inPlaceOnAnArgumentIsCorrectBecauseItIsWrittenOnlyAtTheEnd() {
        ScriptFunction f = chain();
        Tensor w = Tensors.randn(N);
        Tensor b = Tensors.randn(N);
        for (int call = 0; call < 4; call++) {
            Tensor x = Tensors.randn(N);
            float[] want = ((Tensor) f.call(x, w, b)).array().floats();
            f.callInto(x, x, w, b);
            assertArrayEquals(want, x.array().floats(), "call " + call);
        }
    }

    @Test
    void aResultNoKernelComputesIsCopiedIn() {
        ScriptFunction f = Jit.trace((a, b) -> a.matmul(b), Tensors.randn(3, 4), Tensors.randn(4, 2));
        Tensor a = Tensors.randn(3, 4);
        Tensor b = Tensors.randn(4, 2);
        Tensor out = Tensors.zeros(3, 2);
        for (int call = 0; call < 3; call++) f.callInto(out, a, b);
        assertArrayEquals(a.matmul(b).array().floats(), out.array().floats());
    }

    @Test
    void severalOutputsEachGoToTheirOwnTensor() {
        ScriptFunction f = Jit.traceArray(in -> new Tensor[] {in[0].mul(in[1]).tanh(), in[0].add(in[1]).sigmoid()},
                TraceOptions.defaults(), Tensors.randn(N), Tensors.randn(N));
        Tensor x = Tensors.randn(N);
        Tensor y = Tensors.randn(N);
        Tensor[] outs = {Tensors.zeros(N), Tensors.zeros(N)};
        for (int call = 0; call < 4; call++) f.callInto(outs, x, y);
        // eager and fused float32 tanh/sigmoid may differ in the last bits (FastMath's stated errors)
        assertArrayEquals(x.mul(y).tanh().array().floats(), outs[0].array().floats(), 1e-6f);
        assertArrayEquals(x.add(y).sigmoid().array().floats(), outs[1].array().floats(), 1e-6f);
    }

    @Test
    void mismatchesAndAutogradAreRefusedWithTheReason() {
        ScriptFunction f = chain();
        Tensor x = Tensors.randn(N);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> f.callInto(Tensors.zeros(2, N / 2), x, x, x));
        assertTrue(shape.getMessage().contains("output 0") && shape.getMessage().contains("[2, 10000]"), shape.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> f.callInto(Tensors.zeros(new long[] {N}, DType.FLOAT64), x, x, x));
        assertTrue(dtype.getMessage().contains("Double"), dtype.getMessage());
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class,
                () -> f.callInto(Tensors.zeros(N), Tensors.randn(N).requiresGrad(true), x, x));
        assertTrue(grad.getMessage().contains("requires grad"), grad.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> f.callInto(new Tensor[] {Tensors.zeros(N), Tensors.zeros(N)}, x, x, x));
        assertTrue(count.getMessage().contains("1 output"), count.getMessage());
        Tensor same = Tensors.zeros(N);
        assertThrows(IllegalArgumentException.class, () -> f.callInto(new Tensor[] {same, same}, x, x, x));
    }
}
