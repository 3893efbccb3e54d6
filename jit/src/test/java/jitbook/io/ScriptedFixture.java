package jitbook.io;

import java.util.List;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.optim.SGD;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** A module compiled by the script compiler from this file's source: a branch on the data, a counted loop, a submodule. */
final class ScriptedFixture {
    private ScriptedFixture() {
    }

    static final class Gated extends Module {
        final Linear fc = new Linear(3, 3);
        double scale = 0.5;
        int steps = 3;

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = fc.forward(x);
            if (h.sum().item() > 0) {
                for (int i = 0; i < steps; i++) {
                    h = h.tanh();
                }
                return h;
            }
            return h.mul(scale).add(1.0);
        }
    }

    /** Gated with its layer trained for a few SGD steps, in eval mode, scripted. */
    static ScriptModule scripted() {
        Tensors.manualSeed(11);
        Gated g = new Gated();
        SGD opt = new SGD(g.parameters(), 0.1);
        Tensor x = Tensors.tensor(new float[][] {{1f, 2f, 3f}, {-1f, 0.5f, 2f}});
        Tensor target = Tensors.tensor(new float[][] {{0.5f, 0f, 1f}, {0f, 1f, 0.5f}});
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            g.forward(x).sub(target).pow(2.0).mean().backward();
            opt.step();
        }
        g.eval();
        return Jit.script(g);
    }

    static List<Tensor> inputs() {
        return List.of(Fixtures.positive(), Fixtures.negative());
    }
}
