package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** Trace and script compose as in TorchScript. */
class TraceScriptCompositionTest {
    @Test
    void codeBeingTracedInlinesAScriptedFunctionWithItsControlFlowIntact() {
        ScriptFunction clip = Jit.script(String.join("\n",
                "Tensor clip(Tensor x) {",
                "    if (x.max().item() > 1.0) {",
                "        return x.div(x.max());",
                "    }",
                "    return x;",
                "}"));
        ScriptFunction traced = Jit.trace(x -> ((Tensor) clip.call(x.mul(3.0))).add(1.0), Tensors.tensor(0.1f, 0.2f));
        String ir = traced.graph().toString();
        assertTrue(ir.contains("prim::If"), "the scripted branch survives inside the trace:\n" + ir);
        Tensor small = Tensors.tensor(0.1f, 0.2f);
        Tensor big = Tensors.tensor(1f, 2f);
        assertArrayEquals(new float[] {1.3f, 1.6f}, traced.forward(small).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1.5f, 2f}, traced.forward(big).toFloatArray(), 1e-6f);
    }

    @Test
    void scriptedCodeCallsATracedFunctionByName() {
        ScriptFunction feature = Jit.trace(x -> x.tanh().mul(2.0), Tensors.tensor(1f, 2f, 3f));
        Scripting.define("feature", feature);
        ScriptFunction g = Jit.script(String.join("\n",
                "Tensor g(Tensor x, int n) {",
                "    Tensor y = x;",
                "    for (int i = 0; i < n; i++) {",
                "        y = feature(y);",
                "    }",
                "    return y;",
                "}"));
        assertTrue(g.graph().toString().contains("prim::CallFunction[name=\"feature\"]"), g.graph().toString());
        Tensor x = Tensors.tensor(0.5f, -0.5f, 0.1f);
        Tensor expected = x.tanh().mul(2.0).tanh().mul(2.0);
        assertArrayEquals(expected.toFloatArray(), ((Tensor) g.call(x, 2)).toFloatArray(), 1e-6f);
    }
}
