package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.ops.OpException;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** Tensor calls a script makes mean what the same Java calls mean: overloads, varargs, 64-bit sizes, detach. */
class ScriptedTensorCallsTest {
    @Test
    void arangeOfOneArgumentCountsFromZero() {
        ScriptFunction f = Jit.script("Tensor f(Tensor x) { return x.add(Tensors.arange(5)); }");
        assertArrayEquals(Tensors.ones(5).add(Tensors.arange(5)).toFloatArray(), ((Tensor) f.call(Tensors.ones(5))).toFloatArray());
        ScriptFunction g = Jit.script("Tensor g(long n) { return Tensors.arange(n); }");
        assertArrayEquals(new long[] {0, 1, 2}, ((Tensor) g.call(3L)).toLongArray());
    }

    @Test
    void factoriesGivenNoSizesMakeZeroDimensionalTensors() {
        ScriptFunction f = Jit.script("Tensor f(Tensor x) { return x.add(Tensors.zeros()).add(Tensors.ones()); }");
        Tensor y = (Tensor) f.call(Tensors.ones(3));
        assertArrayEquals(new float[] {2, 2, 2}, y.toFloatArray());
        ScriptFunction g = Jit.script("Tensor g() { return Tensors.zeros(); }");
        assertEquals(0, ((Tensor) g.call()).dim(), "Tensors.zeros() is 0-d, as in Java");
    }

    @Test
    void longSizesAreNotCutTo32Bits() {
        Tensor x = Tensors.ones(2);
        OpException eager = assertThrows(OpException.class, () -> x.reshape(4294967298L));
        ScriptFunction f = Jit.script("Tensor f(Tensor x) { return x.reshape(4294967298L); }");
        assertTrue(f.graph().toString().contains("4294967298"), f.graph().toString());
        RuntimeException scripted = assertThrows(RuntimeException.class, () -> f.call(x));
        assertTrue(scripted.getMessage().contains("4294967298"), "the scripted call refuses it as eager does (" + eager.getMessage()
                + "): " + scripted.getMessage());
        ScriptFunction g = Jit.script("Tensor g(Tensor x, long n) { return x.reshape(n, -1); }");
        assertArrayEquals(new long[] {2, 3}, ((Tensor) g.call(Tensors.ones(6), 2L)).shape());
    }

    @Test
    void detachInAScriptStopsTheGradientAsEagerDoes() {
        ScriptFunction f = Jit.script("Tensor f(Tensor a) { return a.detach().mul(a).sum(); }");
        Tensor a = Tensors.tensor(1f, 2f, 3f).requiresGrad(true);
        Tensor out = (Tensor) f.call(a);
        out.backward();
        Tensor b = Tensors.tensor(1f, 2f, 3f).requiresGrad(true);
        b.detach().mul(b).sum().backward();
        assertArrayEquals(new float[] {1, 2, 3}, a.grad().toFloatArray(), "d/da of stop(a)*a is stop(a)");
        assertArrayEquals(b.grad().toFloatArray(), a.grad().toFloatArray());
        assertFalse(Tensors.ones(2).requiresGrad(true).detach().requiresGrad());
    }
}
