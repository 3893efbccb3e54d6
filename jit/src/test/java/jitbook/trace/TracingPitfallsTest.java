package jitbook.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** The classic ways a trace silently goes wrong, pinned. */
class TracingPitfallsTest {
    static Tensor branchy(Tensor x) {
        if (x.sum().item() > 0) {
            return x.mul(2.0);
        }
        return x.neg();
    }

    @Test
    void aBranchOnItemIsFrozenToTheExampleAndWarnedAboutAtTheUsersLine() {
        Tensor positive = Tensors.tensor(1f, 2f);
        ScriptFunction f = Jit.trace(TracingPitfallsTest::branchy, positive);
        assertEquals(1, f.warnings().size());
        TracerWarning w = f.warnings().get(0);
        assertEquals("item()", w.how());
        assertEquals("TracingPitfallsTest.java", w.site().fileName);
        assertEquals(19, w.site().line, "the line of `if (x.sum().item() > 0)`");
        assertTrue(w.getMessage().contains("constant"), w.getMessage());
        Tensor negative = Tensors.tensor(-1f, -2f);
        // Eager takes the other branch; the trace replays the frozen one: the pitfall.
        assertArrayEquals(new float[] {1f, 2f}, branchy(negative).toFloatArray());
        assertArrayEquals(new float[] {-2f, -4f}, f.forward(negative).toFloatArray());
    }

    @Test
    void warningsAreShownOncePerCallSite() {
        ScriptFunction f = Jit.trace(x -> {
            Tensor y = x;
            for (int i = 0; i < 3; i++) {
                if (y.sum().item() > 100) break;
                y = y.mul(2.0);
            }
            return y;
        }, Tensors.tensor(1f));
        assertEquals(1, f.warnings().size());
    }

    @Test
    void strictModeMakesTheEscapeAnError() {
        TracerWarning e = assertThrows(TracerWarning.class,
                () -> Jit.trace(TracingPitfallsTest::branchy, TraceOptions.strict(), Tensors.tensor(1f)));
        assertTrue(e.getMessage().contains("item()"));
    }

    static Tensor rowLoop(Tensor x) {
        Tensor acc = x.get(0);
        for (long i = 1; i < x.shape()[0]; i++) {
            acc = acc.add(x.get(i));
        }
        return acc;
    }

    @Test
    void aLoopOverTheShapeIsUnrolledAndCheckInputsOfAnotherSizeCatchIt() {
        Tensor three = Tensors.tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        ScriptFunction f = Jit.trace(TracingPitfallsTest::rowLoop, three);
        assertEquals(2, f.graph().toString().split("tensor::add").length - 1, "two adds: the loop is unrolled");
        Tensor four = Tensors.tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        TracingCheckError e = assertThrows(TracingCheckError.class,
                () -> Jit.trace(TracingPitfallsTest::rowLoop, TraceOptions.defaults().addCheckInput(four), three));
        assertTrue(e.getMessage().contains("First difference"), e.getMessage());
    }

    @Test
    void checkInputsThatTakeTheSameCodePathPass() {
        ScriptFunction f = Jit.trace(x -> x.tanh().mul(3.0),
                TraceOptions.defaults().addCheckInput(Tensors.tensor(5f, 6f, 7f, 8f)), Tensors.tensor(1f, 2f));
        assertFalse(f.graph().toString().isEmpty());
    }

    @Test
    void checkInputsComparedWithEagerCatchAFrozenBranchWithTheSameGraphShape() {
        // Both branches record one mul: the graphs compare equal, the outputs do not.
        TracingCheckError e = assertThrows(TracingCheckError.class, () -> Jit.trace(
                x -> x.sum().item() > 0 ? x.mul(2.0) : x.mul(-3.0),
                TraceOptions.defaults().addCheckInput(Tensors.tensor(-1f)), Tensors.tensor(1f)));
        assertTrue(e.getMessage().contains("differ"), e.getMessage());
    }
}
