package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Adam a = new Adam(eager.parameters(), 0.01);
        Adam b = new Adam(scripted.parameters(), 0.01);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 60; step++) {
            a.zeroGrad();
            Tensor le = F.mseLoss(eager.forward(xs), y);
            le.backward();
            a.step();
            b.zeroGrad();
            Tensor ls = F.mseLoss(scripted.forward(xs), y);
            ls.backward();
            b.step();
            assertEquals(le.item(), ls.item(), 1e-4 * (1 + le.item()), "step " + step);
            if (step == 0) first = ls.item();
            last = ls.item();
        }
        assertTrue(last < first / 10 && last < 1e-2, "the scripted RNN learns: " + first + " -> " + last);
    }

    @Test
    void aListOfSubmodulesIsIteratedInCompiledCode() {
        Stack s = new Stack();
        ScriptModule sm = Jit.script(s);
        Tensor x = Tensors.randn(5, 4);
        assertArrayEquals(s.forward(x).toFloatArray(), sm.forward(x).toFloatArray(), 1e-6f);
        assertTrue(sm.graph().toString().contains("prim::Loop"), sm.graph().toString());
    }
}
