package jitbook.exec.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.passes.PassPipeline;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class FusedChainTest {
    static final String CHAIN = String.join("\n",
            "graph(%x : Float(3, 5), %w : Float(3, 5), %b : Float(5)):",
            "  %half : double = prim::Constant[value=0.5]()",
            "  %a : Tensor = tensor::mul(%x, %w)",
            "  %c : Tensor = tensor::add(%a, %b)",
            "  %d : Tensor = tensor::tanh(%c)",
            "  %e : Tensor = tensor::mul(%d, %half)",
            "  %f : Tensor = tensor::add(%e, %x)",
            "  %g : Tensor = tensor::sigmoid(%f)",
            "  return (%g)");

    @Test
    void sixOpChainRunsFusedAndMatchesTheInterpreter() {
        Graph ref = Jit.parseIr(CHAIN);
        Graph fused = Jit.parseIr(CHAIN);
        PassPipeline.of("fuse").run(fused);
        assertTrue(fused.toString().contains("prim::FusionGroup"), fused.toString());
        Tensors.manualSeed(1);
        for (long rows : new long[] {3, 1, 700}) {
            Tensor x = Tensors.randn(rows, 5);
            Tensor w = Tensors.randn(rows, 5);
            Tensor b = Tensors.randn(5);
            Object[] args = {x.array(), w.array(), b.array()};
            long before = FusedGroup.fusedCalls();
            Object[] want = new Interpreter(ref).run(args);
            Object[] got = new Interpreter(fused).run(args);
            assertEquals(before + 1, FusedGroup.fusedCalls(), "the group ran its generated kernel");
            FusedAssert.close(want[0], got[0], 3e-7, 3e-7, "rows=" + rows);
        }
        String report = FusionReport.explain(fused);
        System.out.println(report);
        assertTrue(report.contains("tensor::tanh"), report);
        assertFalse(report.contains("not fused"), report);
    }

    @Test
    void scriptFunctionCallsRunTheFusedKernel() {
        ScriptFunction f = Jit.trace((x, w, b) -> x.mul(w).add(b).tanh().mul(0.5).add(x).sigmoid(),
                Tensors.randn(64), Tensors.randn(64), Tensors.randn(64));
        Tensor x = Tensors.randn(64);
        Tensor w = Tensors.randn(64);
        Tensor b = Tensors.randn(64);
        Tensor want = x.mul(w).add(b).tanh().mul(0.5).add(x).sigmoid();
        long before = FusedGroup.fusedCalls();
        for (int i = 0; i < 4; i++) {
            Tensor got = (Tensor) f.call(x, w, b);
            FusedAssert.close(want.array(), got.array(), 3e-7, 3e-7, "call " + i);
        }
        assertTrue(FusedGroup.fusedCalls() >= before + 4);
        String report = FusionReport.explain(f.optimizedGraph(x, w, b));
        assertNotNull(report);
        assertTrue(report.contains("class Fused"), report);
    }
}
