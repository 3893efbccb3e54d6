package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.Dropout;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.nn.RNNCell;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** Jit.script(module): forward compiled from the class's source, with the instance's own parameters. */
class ScriptedModuleTest {
    /** A module whose forward has real control flow on the data and calls its own helper method. */
    static final class Gate extends Module {
        final Linear fc1 = new Linear(4, 8);
        final Linear fc2 = new Linear(8, 2);
        final Dropout drop = new Dropout(0.5);
        Tensor scale = Tensors.ones(2);
        double threshold = 0.0;

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = drop.forward(fc1.forward(x).relu());
            Tensor y = fc2.forward(h);
            if (y.sum().item() > threshold) {
                return squash(y);
            }
            return y.neg();
        }

        Tensor squash(Tensor y) {
            return y.tanh().mul(scale);
        }
    }

    @Test
    void forwardAndTheMethodsItCallsAreCompiledWithLiveParameters() {
        Tensors.manualSeed(1);
        Gate g = new Gate();
        g.eval();
        ScriptModule sm = Jit.script(g);
        String ir = sm.graph().toString();
        assertTrue(ir.contains("prim::If"), ir);
        assertTrue(ir.contains("prim::CallMethod[name=\"squash\"]"), ir);
        assertTrue(ir.contains("prim::GetAttr[name=\"fc1\"](%self)"), ir);
        assertTrue(ir.contains("tensor::linear"), "library Linear.forward is inlined: " + ir);
        assertEquals(List.of("forward", "squash"), sm.methodNames().stream().sorted().toList());
        for (int k = 0; k < 10; k++) {
            Tensor x = Tensors.randn(3, 4);
            assertArrayEquals(g.forward(x).toFloatArray(), sm.forward(x).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void trainAndEvalFollowTheScriptedModuleAtCallTime() {
        Gate g = new Gate();
        g.eval();
        ScriptModule sm = Jit.script(g);
        Tensor x = Tensors.ones(1, 4);
        Tensor a = sm.forward(x);
        assertArrayEquals(a.toFloatArray(), sm.forward(x).toFloatArray(), "eval: dropout is off, calls agree");
        sm.train(true);
        boolean differs = false;
        for (int k = 0; k < 20 && !differs; k++) {
            differs = !java.util.Arrays.equals(a.toFloatArray(), sm.forward(x).toFloatArray());
        }
        assertTrue(differs, "train: dropout draws new masks");
    }

    @Test
    void plainFieldsAreAttributesTooSoChangingThemChangesTheResult() {
        Gate g = new Gate();
        g.eval();
        ScriptModule sm = Jit.script(g);
        assertEquals(0.0, sm.attribute("threshold"));
        sm.register("threshold", 1e9);
        Tensor x = Tensors.randn(2, 4);
        Tensor y = sm.forward(x);
        assertFalse(y.toString().isEmpty());
    }

    @Test
    void aLibraryRnnCellUsedByALocalModuleIsScriptedFromTheirSources() {
        RNNCell cell = new RNNCell(3, 5);

        class Runner extends Module {
            final RNNCell rnn = cell;

            @Override
            public Tensor forward(Tensor x) {
                Tensor h = rnn.forward(x);
                for (int t = 0; t < 3; t++) {
                    h = rnn.forward(x, h);
                }
                return h;
            }
        }
        Runner r = new Runner();
        ScriptModule sm = Jit.script(r);
        assertTrue(sm.graph().toString().contains("prim::Loop"), sm.graph().toString());
        Tensor x = Tensors.randn(2, 3);
        assertArrayEquals(r.forward(x).toFloatArray(), sm.forward(x).toFloatArray(), 1e-6f);
    }

    /** A module with an exported helper and an ignored plain-Java method. */
    static final class Annotated extends Module {
        final Linear fc = new Linear(2, 2);
        int javaCalls = 0;

        @Override
        public Tensor forward(Tensor x) {
            return fc.forward(x).mul(weightFor(x.numel()));
        }

        @jitbook.jit.Ignore
        double weightFor(long n) {
            javaCalls++;
            java.util.function.LongFunction<Double> f = k -> 1.0 / k;
            return f.apply(n);
        }

        @jitbook.jit.Export
        Tensor describe(Tensor x) {
            return x.sum();
        }
    }

    @Test
    void exportedMethodsAreCompiledAndIgnoredOnesStayJava() {
        Annotated a = new Annotated();
        ScriptModule sm = Jit.script(a);
        assertTrue(sm.methodNames().contains("describe"), sm.methodNames().toString());
        assertFalse(sm.methodNames().contains("weightFor"));
        assertTrue(sm.graph().toString().contains("prim::JavaCall[name=\"weightFor\"]"), sm.graph().toString());
        Tensor x = Tensors.ones(1, 2);
        assertArrayEquals(a.forward(x).toFloatArray(), sm.forward(x).toFloatArray(), 1e-6f);
        assertEquals(2, a.javaCalls, "the lambda-using Java method ran for real, once per forward");
        assertEquals(2.0, ((Tensor) sm.callMethod("describe", Tensors.ones(2))).item());
    }

    @Test
    void aModuleWhoseSourceCannotBeFoundIsAClearError() {
        Module anonymous = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        };
        ScriptCompileError e = org.junit.jupiter.api.Assertions.assertThrows(ScriptCompileError.class, () -> Jit.script(anonymous));
        assertTrue(e.getMessage().contains("cannot find the source of"), e.getMessage());
    }
}
