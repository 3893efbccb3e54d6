package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.Dropout;
import jitbook.nn.LSTMCell;
import jitbook.nn.LayerNorm;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.nn.Tanh;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The library's own modules scripted as a user writes with them (issue 20): alone, inside a
 * Sequential, LayerNorm's attributes, LSTMCell's State record and its overloads, static final
 * constants, getClass(); and the errors for what stays outside the subset point at the user's line.
 */
class LibraryModulesScriptingTest {
    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
    }

    @Test
    void aLibraryModuleScriptedOnItsOwnHasItsForward() {
        Linear fc = new Linear(4, 3);
        ScriptModule sm = Jit.script(fc);
        assertEquals(List.of("forward"), sm.methodNames());
        Tensor x = Tensors.randn(2, 4);
        assertClose(fc.forward(x), sm.forward(x));
        assertEquals(fc.namedParameters(), sm.namedParameters());
    }

    static final class Classifier extends Module {
        final Sequential body = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 8), new Tanh(), new Linear(8, 2));

        @Override
        public Tensor forward(Tensor x) {
            return body.forward(x);
        }
    }

    @Test
    void aUserModuleHoldingASequentialRunsEachLayersOwnForward() {
        Classifier c = new Classifier();
        ScriptModule sm = Jit.script(c);
        Tensor x = Tensors.randn(3, 4);
        assertClose(c.forward(x), sm.forward(x));
        String ir = sm.graph().toString();
        assertFalse(ir.contains("prim::Loop"), "Sequential's loop over its layers is unrolled:\n" + ir);
        assertEquals(c.namedParameters().keySet(), sm.namedParameters().keySet(), "body.0.weight ... as in eager");
        assertEquals(c.parameterCount(), sm.parameters().stream().mapToLong(Tensor::numel).sum());
    }

    static final class Normed extends Module {
        final Linear fc = new Linear(6, 6);
        final LayerNorm norm = new LayerNorm(6);
        final Dropout drop = new Dropout(0.1);

        @Override
        public Tensor forward(Tensor x) {
            return drop.forward(norm.forward(fc.forward(x)));
        }
    }

    @Test
    void layerNormsSizesAreAnAttribute() {
        Normed n = new Normed();
        n.eval();
        ScriptModule sm = Jit.script(n);
        ScriptModule norm = (ScriptModule) sm.attribute("norm");
        assertEquals(List.of(6L), norm.attribute("normalizedShape"));
        Tensor x = Tensors.randn(4, 6);
        assertClose(n.forward(x), sm.forward(x));
    }

    /** An LSTM written against LSTMCell as a user would: its State record as a type, var, and forward(x, h, c). */
    static final class Lstm extends Module {
        final LSTMCell cell = new LSTMCell(3, 5);

        @Override
        public Tensor forward(Tensor xs) {
            LSTMCell.State state = cell.initialState(xs.size(0));
            for (int t = 0; t < xs.size(1); t++) {
                state = cell.forward(xs.select(1, t), state);
            }
            var last = state;
            return cell.forward(xs.select(1, 0), last.h(), last.c());
        }
    }

    @Test
    void lstmCellsStateIsARecordTypeAndItsOverloadsResolveAsInJava() {
        Lstm l = new Lstm();
        ScriptModule sm = Jit.script(l);
        Tensor xs = Tensors.randn(2, 4, 3);
        assertClose(l.forward(xs), sm.forward(xs));
        ScriptModule cell = Jit.script(new LSTMCell(3, 5));
        assertTrue(cell.methodNames().containsAll(List.of("forward", "forward__2")), "forward(x) and forward(x, state): " + cell.methodNames());
    }

    static final class Scaled extends Module {
        static final double SCALE = 2.5;
        static final int WIDTH = Sizes.HIDDEN * 2;
        static final Tensor OFFSET = Tensors.randn(4);

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(SCALE).add(Scaled.OFFSET).narrow(1, 0, WIDTH).add(getClass().getSimpleName().length());
        }
    }

    static final class Sizes {
        static final int HIDDEN = 2;
    }

    @Test
    void staticFinalConstantsAreConstants() {
        Scaled s = new Scaled();
        ScriptModule sm = Jit.script(s);
        Tensor x = Tensors.randn(3, 4);
        assertClose(s.forward(x), sm.forward(x));
        String ir = sm.graph().toString();
        assertTrue(ir.contains("value=2.5"), ir);
        assertFalse(ir.contains("GetAttr[name=\"SCALE\"]"), "a constant, not an attribute:\n" + ir);
    }

    static final class HeadAndTail extends Module {
        final List<Linear> layers = List.of(new Linear(4, 4), new Linear(4, 4), new Linear(4, 2));

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = x;
            for (int i = 0; i < layers.size() - 1; i++) h = h.add(layers.get(0).forward(h).sigmoid());
            return layers.get(2).forward(h);
        }
    }

    @Test
    void aListOfSubmodulesHasAConstantSizeAndConstantIndexes() {
        HeadAndTail g = new HeadAndTail();
        ScriptModule sm = Jit.script(g);
        Tensor x = Tensors.randn(2, 4);
        assertClose(g.forward(x), sm.forward(x));
        assertEquals(g.parameterCount(), sm.parameters().stream().mapToLong(Tensor::numel).sum());
    }

    static final class Dynamic extends Module {
        final List<Linear> layers = List.of(new Linear(4, 4), new Linear(4, 4));

        @Override
        public Tensor forward(Tensor x) {
            int k = (int) x.size(0) % 2;
            return layers.get(k).forward(x);
        }
    }

    static final class Breaking extends Module {
        final List<Linear> layers = List.of(new Linear(4, 4), new Linear(4, 4));

        @Override
        public Tensor forward(Tensor x) {
            for (Linear l : layers) {
                if (x.sum().item() > 0) break;
                x = l.forward(x);
            }
            return x;
        }
    }

    @Test
    void whatAnUnrolledListCannotDoIsAnErrorAtTheUsersLineSayingWhatToWrite() {
        ScriptCompileError dyn = assertThrows(ScriptCompileError.class, () -> Jit.script(new Dynamic()));
        assertTrue(dyn.getMessage().contains("indexed with a constant") && dyn.getMessage().contains("LibraryModulesScriptingTest.java"),
                dyn.getMessage());
        ScriptCompileError brk = assertThrows(ScriptCompileError.class, () -> Jit.script(new Breaking()));
        assertTrue(brk.getMessage().contains("cannot break") && brk.getMessage().contains("compute a flag"), brk.getMessage());
    }

    static final class AsksForParameters extends Module {
        final Linear fc = new Linear(2, 2);

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(fc.parameters().size());
        }
    }

    @Test
    void anErrorInsideLibraryCodeIsReportedAtTheUsersCall() {
        ScriptCompileError e = assertThrows(ScriptCompileError.class, () -> Jit.script(new AsksForParameters()));
        assertTrue(e.source().file.endsWith("LibraryModulesScriptingTest.java"), "points at the user's source: " + e.getMessage());
        assertTrue(e.getMessage().contains("fc.parameters()"), e.getMessage());
        assertTrue(e.getMessage().contains("library code"), e.getMessage());
    }
}
