package jitbook.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class ExecutorAndFreezeTest {
    private static final String CHAIN = String.join("\n",
            "graph(%x : Tensor, %y : Tensor):",
            "  %one : int = prim::Constant[value=1]()",
            "  %a : Tensor = tensor::mul(%x, %one)",
            "  %b : Tensor = tensor::add(%a, %y)",
            "  %c : Tensor = tensor::tanh(%b)",
            "  return (%c)", "");

    @Test
    void specializesPerSignatureBehindAGuardUpToABound() {
        GraphExecutor e = new GraphExecutor(Jit.parseIr(CHAIN), n -> null, n -> null, 2, 2);
        NdArray x = Tensors.randn(2, 3).array();
        NdArray y = Tensors.randn(2, 3).array();
        Object[] want = new Interpreter(Jit.parseIr(CHAIN)).run(new Object[] {x, y});
        e.run(new Object[] {x, y});
        assertTrue(e.specializations().isEmpty(), "first call runs generic while profiling");
        Object[] got = e.run(new Object[] {x, y});
        assertEquals(List.of("(Float(2, 3), Float(2, 3))"), e.specializations());
        ProgramRunner.assertValue("specialized", want[0], got[0]);
        // x * 1 goes in the specialized graph (dtype and shape known); a broadcasting y changes the signature
        assertFalse(e.specializedGraph(new Object[] {x, y}).toString().contains("tensor::mul"));
        NdArray row = Tensors.randn(3).array();
        for (int i = 0; i < 2; i++) e.run(new Object[] {row, y});
        assertEquals(2, e.specializations().size());
        // the bound is reached: a third signature keeps running generic, and right
        NdArray big = Tensors.randn(4, 5).array();
        NdArray bigY = Tensors.randn(4, 5).array();
        for (int i = 0; i < 3; i++) {
            Object[] r = e.run(new Object[] {big, bigY});
            ProgramRunner.assertValue("generic", new Interpreter(Jit.parseIr(CHAIN)).run(new Object[] {big, bigY})[0], r[0]);
        }
        assertEquals(2, e.specializations().size());
        assertTrue(e.optimizedGraph().toString().contains("tensor::mul"), "generic plans cannot drop x * 1: the dtype may change");
    }

    @Test
    void aTracedFunctionCalledWithOtherShapesIsStillRight() {
        Tensor w = Tensors.randn(4);
        ScriptFunction f = Jit.trace(x -> x.mul(w).add(1.0).tanh().mul(1.0), Tensors.randn(3, 4));
        for (long rows : new long[] {3, 1, 7, 7, 7}) {
            Tensor x = Tensors.randn(rows, 4);
            Tensor want = x.mul(w).add(1.0).tanh();
            Tensor got = f.forward(x);
            assertArrayEquals(want.shape(), got.shape());
            assertArrayEquals(want.array().floats(), got.array().floats(), 1e-6f);
        }
        Graph special = f.optimizedGraph(Tensors.randn(7, 4));
        assertTrue(special.toString().contains("prim::FusionGroup"), special.toString());
        assertTrue(special.toString().contains("Float(7, 4)"), special.toString());
        assertFalse(f.optimizedGraph().toString().contains("Float(3, 4)"), "the generic graph forgets the trace's shapes");
        assertTrue(f.explainOptimization(Tensors.randn(7, 4)).changes().size() > 0);
    }

    @Test
    void freezingTurnsParametersIntoConstantsAndKeepsResults() {
        Sequential net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
        net.eval();
        Tensor x = Tensors.randn(3, 4);
        ScriptModule traced = Jit.trace(net, x);
        ScriptModule frozen = Jit.freeze(traced);
        String ir = frozen.graph().toString();
        assertFalse(ir.contains("prim::GetAttr"), ir);
        assertTrue(ir.contains("prim::Constant[value=<Float(8, 4)>]") || ir.contains("Float(8, 4)"), ir);
        for (long rows : new long[] {3, 5}) {
            Tensor in = Tensors.randn(rows, 4);
            Tensor want = traced.forward(in);
            Tensor got = frozen.forward(in);
            assertArrayEquals(want.array().floats(), got.array().floats(), 1e-6f);
        }
    }

    @Test
    void freezingFoldsAttributesAndInlinesMethodCalls() {
        ScriptModule inner = new ScriptModule("Inner");
        inner.register("scale", 3.0);
        inner.addMethod("forward", Jit.parseIr(String.join("\n",
                "graph(%self : __jit__.Inner, %x : Tensor):",
                "  %s : double = prim::GetAttr[name=\"scale\"](%self)",
                "  %training : bool = prim::GetAttr[name=\"training\"](%self)",
                "  %y : Tensor = prim::If(%training)",
                "    block0():",
                "      %d : Tensor = tensor::neg(%x)",
                "      -> (%d)",
                "    block1():",
                "      %m : Tensor = tensor::mul(%x, %s)",
                "      -> (%m)",
                "  return (%y)", "")));
        ScriptModule outer = new ScriptModule("Outer");
        outer.register("inner", inner);
        outer.addMethod("forward", Jit.parseIr(String.join("\n",
                "graph(%self : __jit__.Outer, %x : Tensor):",
                "  %i : __jit__.Inner = prim::GetAttr[name=\"inner\"](%self)",
                "  %y : Tensor = prim::CallMethod[name=\"forward\"](%i, %x)",
                "  return (%y)", "")));
        outer.eval();
        ScriptModule frozen = Jit.freeze(outer);
        String ir = frozen.graph().toString();
        assertFalse(ir.contains("CallMethod") || ir.contains("GetAttr") || ir.contains("prim::If"), ir);
        assertTrue(ir.contains("prim::Constant[value=3.0]"), ir);
        Tensor x = Tensors.randn(2, 2);
        assertArrayEquals(outer.forward(x).array().floats(), frozen.forward(x).array().floats(), 1e-6f);
    }
}
