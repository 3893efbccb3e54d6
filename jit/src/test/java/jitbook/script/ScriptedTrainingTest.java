package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.F;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.optim.Adam;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** Modules compiled with Jit.script train with eager optimizers, and match their eager twins step by step. */
class ScriptedTrainingTest {
    /** An RNN written as a module whose forward loops over time steps. */
    static final class Rnn extends Module {
        final Linear ih = new Linear(3, 16);
        final Linear hh = new Linear(16, 16);
        final Linear out = new Linear(16, 1);
        int steps = 6;

        @Override
        public Tensor forward(Tensor xs) {
            Tensor h = Tensors.zeros(1, 16);
            for (int t = 0; t < steps; t++) {
                h = ih.forward(xs.select(0, t)).add(hh.forward(h)).tanh();
            }
            return out.forward(h);
        }
    }

    /** A stack of layers held in a list of submodules, iterated in forward. */
    static final class Stack extends Module {
        final List<Linear> layers = new ArrayList<>();

        Stack() {
            layers.add(new Linear(4, 8));
            layers.add(new Linear(8, 8));
            layers.add(new Linear(8, 2));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x;
            for (Linear l : layers) {
                h = l.forward(h).tanh();
            }
            return h;
        }
    }

    @Test
    void aScriptedRnnTrainsWithTheSameLossCurveAsItsEagerTwin() {
        Tensors.manualSeed(11);
        Rnn eager = new Rnn();
        Tensors.manualSeed(11);
        Rnn twin = new Rnn();
        ScriptModule scripted = Jit.script(twin);
        assertTrue(scripted.graph().toString().contains("prim::Loop"), scripted.graph().toString());
        Tensor xs = Tensors.randn(6, 1, 3);
        Tensor y = Tensors.tensor(new float[][] {{0.7f}});
        List<Double> losses = sameLossCurve(eager, scripted, xs, y, 60, 0.01, 1e-4);
        double first = losses.get(0);
        double last = losses.get(losses.size() - 1);
        assertTrue(last < first / 10 && last < 1e-2, "the scripted RNN learns: " + first + " -> " + last);
    }

    /** As TorchScript unrolls a loop over a ModuleList: one copy of the body per layer, its parameters the module's. */
    @Test
    void aListOfSubmodulesIsIteratedUnrolledAndItsParametersAreTheModules() {
        Stack s = new Stack();
        ScriptModule sm = Jit.script(s);
        Tensor x = Tensors.randn(5, 4);
        assertArrayEquals(s.forward(x).toFloatArray(), sm.forward(x).toFloatArray(), 1e-6f);
        String ir = sm.graph().toString();
        assertFalse(ir.contains("prim::Loop"), ir);
        assertEquals(3, ir.split("tensor::linear", -1).length - 1, ir);
        assertTrue(ir.contains("prim::GetAttr[name=\"2\"]"), "layer 2 is read as the submodule layers.2:\n" + ir);
        assertEquals(s.namedParameters().keySet(), sm.namedParameters().keySet());
        for (String name : s.namedParameters().keySet()) assertSame(s.namedParameters().get(name), sm.namedParameters().get(name));
    }

    @Test
    void aListOfSubmodulesTrainsWithTheSameLossCurveAsEager() {
        Tensors.manualSeed(5);
        Stack eager = new Stack();
        Tensors.manualSeed(5);
        ScriptModule scripted = Jit.script(new Stack());
        Tensor x = Tensors.randn(8, 4);
        Tensor y = Tensors.randn(8, 2).mul(0.5);
        sameLossCurve(eager, scripted, x, y, 20, 0.02, 1e-5);
    }

    /** Trains both with Adam on the mean squared error, step by step; their losses must agree. Returns the scripted losses. */
    static List<Double> sameLossCurve(Module eager, ScriptModule scripted, Tensor x, Tensor y, int steps, double lr, double tol) {
        Adam a = new Adam(eager.parameters(), lr);
        Adam b = new Adam(scripted.parameters(), lr);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            a.zeroGrad();
            Tensor le = F.mseLoss(eager.forward(x), y);
            le.backward();
            a.step();
            b.zeroGrad();
            Tensor ls = F.mseLoss(scripted.forward(x), y);
            ls.backward();
            b.step();
            assertEquals(le.item(), ls.item(), tol * (1 + le.item()), "step " + step);
            losses.add(ls.item());
        }
        return losses;
    }
}
