package jitbook.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.ir.IrParser;
import jitbook.ir.Verifier;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.tensor.Dispatcher;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class TracerTest {
    static Tensor t(float... v) {
        return Tensors.tensor(v);
    }

    @Test
    void recordsEachOpWithShapesAndReplaysTheSameResult() {
        Tensor x = t(1, 2, 3);
        Tensor w = t(0.5f, 0.5f, 0.5f);
        ScriptFunction f = Jit.trace((a, b) -> a.mul(b).add(1.0).tanh(), x, w);
        String ir = f.graph().toString();
        assertTrue(ir.contains("tensor::mul(%x0, %x1)"), ir);
        assertTrue(ir.contains("Float(3) = tensor::tanh"), ir);
        Verifier.verify(f.graph());
        Tensor y = t(-1, 0, 4);
        assertArrayEquals(y.mul(w).add(1.0).tanh().toFloatArray(), f.forward(y, w).toFloatArray(), 1e-6f);
    }

    @Test
    void theTracedGraphRoundTripsThroughText() {
        ScriptFunction f = Jit.trace(a -> a.mul(0.5).sum(), t(1, 2));
        String ir = f.graph().toString();
        assertEquals(ir, IrParser.parse(ir).toString());
    }

    @Test
    void severalOutputsComeBackInTheFormTheFunctionReturned() {
        ScriptFunction f = Jit.trace(a -> new Tensor[] {a.exp(), a.neg()}, t(0, 1));
        Tensor[] out = (Tensor[]) f.call(t(0, 2));
        assertEquals(2, out.length);
        assertArrayEquals(new float[] {-0f, -2f}, out[1].toFloatArray());
        ScriptFunction g = Jit.trace(a -> List.of(a.exp(), a.neg()), t(0, 1));
        assertTrue(g.call(t(0, 2)) instanceof List);
    }

    @Test
    void tensorsMadeInsideTheTracedCodeBecomeConstants() {
        ScriptFunction f = Jit.trace(a -> a.add(Tensors.tensor(10f, 20f)), t(1, 2));
        assertTrue(f.graph().toString().contains("prim::Constant[value=Float(2){10.0, 20.0}]"), f.graph().toString());
        assertArrayEquals(new float[] {10f, 20f}, f.forward(t(0, 0)).toFloatArray());
    }

    static final class TwoLayer extends Module {
        final Linear fc1 = new Linear(3, 4);
        final Linear fc2 = new Linear(4, 2);

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).relu());
        }
    }

    @Test
    void moduleParametersAreReadAsAttributesNotBakedIn() {
        TwoLayer net = new TwoLayer();
        Tensor x = Tensors.tensor(new float[][] {{1, 2, 3}});
        ScriptModule sm = Jit.trace(net, x);
        String ir = sm.graph().toString();
        assertTrue(ir.contains("%self : __jit__.TwoLayer"), ir);
        assertTrue(ir.contains("prim::GetAttr[name=\"fc1\"](%self)"), ir);
        assertTrue(ir.contains("prim::GetAttr[name=\"weight\"](%fc1)"), ir);
        assertFalse(ir.contains("prim::Constant[value=Float(4, 3)"), ir);
        assertArrayEquals(net.forward(x).toFloatArray(), sm.forward(x).toFloatArray(), 1e-6f);
        // Training the eager module's parameter is seen by the traced module: same tensor objects.
        net.fc2.parameters().get(0).mulInPlace(0.0);
        assertArrayEquals(net.forward(x).toFloatArray(), sm.forward(x).toFloatArray(), 1e-6f);
    }

    static final class Dropper extends Module {
        final jitbook.nn.Dropout drop = new jitbook.nn.Dropout(0.5);

        @Override
        public Tensor forward(Tensor x) {
            return drop.forward(x).add(1.0);
        }
    }

    @Test
    void aModuleTracedInTrainingModeKeepsItAndSaysSo() {
        Dropper d = new Dropper();
        ScriptModule sm = Jit.trace(d, Tensors.ones(4));
        assertTrue(sm.warnings().stream().anyMatch(w -> w.getMessage().contains("traced in training mode")), sm.warnings().toString());
        d.eval();
        ScriptModule inference = Jit.trace(d, Tensors.ones(4));
        assertTrue(inference.warnings().isEmpty());
        assertArrayEquals(new float[] {2f, 2f, 2f, 2f}, inference.forward(Tensors.ones(4)).toFloatArray());
    }

    @Test
    void anExceptionWhileTracingLeavesNoTracingStateBehind() {
        assertThrows(RuntimeException.class, () -> Jit.trace(a -> {
            throw new IllegalStateException("user code failed");
        }, t(1)));
        assertNull(Dispatcher.currentListener());
    }

    @Test
    void twoThreadsTracingAtOnceRecordIndependentGraphs() throws Exception {
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
        ScriptFunction[] results = new ScriptFunction[2];
        Thread a = new Thread(() -> results[0] = Jit.trace(x -> {
            await(barrier);
            Tensor y = x.exp();
            await(barrier);
            return y.exp();
        }, t(1)));
        Thread b = new Thread(() -> results[1] = Jit.trace(x -> {
            await(barrier);
            Tensor y = x.neg();
            await(barrier);
            return y.neg().neg();
        }, t(1)));
        a.start();
        b.start();
        a.join();
        b.join();
        String ga = results[0].graph().toString();
        String gb = results[1].graph().toString();
        assertFalse(ga.contains("neg"), ga);
        assertFalse(gb.contains("exp"), gb);
        assertEquals(3, gb.split("tensor::neg").length - 1, gb);
    }

    private static void await(java.util.concurrent.CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
