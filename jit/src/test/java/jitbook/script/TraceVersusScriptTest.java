package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** The same function traced and scripted: the trace freezes the branch, the script keeps it. */
class TraceVersusScriptTest {
    static Tensor f(Tensor x) {
        if (x.sum().item() > 0) {
            return x.mul(2.0);
        }
        return x.neg();
    }

    static final String SOURCE = String.join("\n",
            "static Tensor f(Tensor x) {",
            "    if (x.sum().item() > 0) {",
            "        return x.mul(2.0);",
            "    }",
            "    return x.neg();",
            "}");

    @Test
    void theTracedFunctionIsWrongOnTheOtherBranchAndTheScriptedOneIsRight() {
        Tensor positive = Tensors.tensor(1f, 2f);
        Tensor negative = Tensors.tensor(-3f, 1f);
        ScriptFunction traced = Jit.trace(TraceVersusScriptTest::f, positive);
        ScriptFunction scripted = Jit.script(SOURCE);

        assertFalse(traced.warnings().isEmpty(), "the trace warns where the tensor became a Java value");
        assertFalse(traced.graph().toString().contains("prim::If"), traced.graph().toString());
        assertTrue(scripted.graph().toString().contains("prim::If"), scripted.graph().toString());

        float[] eager = f(negative).toFloatArray();
        assertArrayEquals(new float[] {3f, -1f}, eager);
        assertArrayEquals(eager, scripted.forward(negative).toFloatArray());
        assertArrayEquals(new float[] {-6f, 2f}, traced.forward(negative).toFloatArray(), "the frozen branch");
        assertArrayEquals(f(positive).toFloatArray(), traced.forward(positive).toFloatArray());
        assertArrayEquals(f(positive).toFloatArray(), scripted.forward(positive).toFloatArray());
        assertEquals(2, traced.graph().inputs().size() + 1);
    }
}
