package jitbook.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.exec.Executable;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.passes.GraphExecutor;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Issue 22: compiled training runs the optimizing executor. A grad-mode call's forward graph
 * (which saves what backward needs) and its backward graph are specialized and fused like a
 * no-grad call, and a module scripted without freezing has its submodule calls inlined, so
 * fusion groups form across submodule boundaries.
 */
class OptimizedTrainingPathTest {
    private static final String CHAIN = "Tensor f(Tensor x, Tensor w) {\n"
            + "    return x.mul(w).add(1.0).tanh().mul(x).sigmoid().sum();\n"
            + "}\n";

    @Test
    void gradModeCallsRunForwardAndBackwardThroughTheOptimizingExecutorWithFusionGroups() {
        ScriptFunction f = (ScriptFunction) Jit.script(CHAIN);
        Tensor x = Tensors.randn(16, 8).requiresGrad(true);
        Tensor w = Tensors.randn(16, 8).requiresGrad(true);
        Tensor loss = null;
        for (int i = 0; i < 4; i++) { // past the profiling runs: specialized plans
            x.zeroGrad();
            w.zeroGrad();
            loss = f.forward(x, w);
            loss.backward();
        }
        boolean[] both = {true, true};
        Executable forward = f.gradExecutor().forwardExecutable(both, List.of());
        Executable backward = f.gradExecutor().backwardExecutable(both, List.of());
        GraphExecutor fwd = assertInstanceOf(GraphExecutor.class, forward, "grad-mode forward is optimized");
        GraphExecutor bwd = assertInstanceOf(GraphExecutor.class, backward, "backward is optimized");
        assertFalse(fwd.specializations().isEmpty(), "forward specialized to the inputs' shapes");
        assertFalse(bwd.specializations().isEmpty(), "backward specialized to the gradients' shapes");
        Object[] fwdArgs = {x.array(), w.array()};
        assertTrue(countFusionGroups(fwd.specializedGraph(fwdArgs)) > 0, "forward fused:\n" + fwd.specializedGraph(fwdArgs));

        // The gradients are eager autograd's.
        Tensor ex = x.detach().mul(1.0).requiresGrad(true);
        Tensor ew = w.detach().mul(1.0).requiresGrad(true);
        Tensor eagerLoss = ex.mul(ew).add(1.0).tanh().mul(ex).sigmoid().sum();
        eagerLoss.backward();
        assertClose(eagerLoss, loss, 1e-4);
        assertClose(ex.grad(), x.grad(), 1e-5);
        assertClose(ew.grad(), w.grad(), 1e-5);
    }

    /** A submodule whose forward is elementwise after a linear layer. */
    static final class Inner extends Module {
        final Linear lin = new Linear(8, 8);

        @Override
        public Tensor forward(Tensor x) {
            return lin.forward(x).tanh().mul(2.0);
        }
    }

    static final class Outer extends Module {
        final Inner inner = new Inner();

        @Override
        public Tensor forward(Tensor x) {
            return inner.forward(x).add(1.0).sigmoid();
        }
    }

    @Test
    void aModuleScriptedWithoutFreezingFusesAcrossItsSubmoduleBoundary() {
        Tensors.manualSeed(3);
        Outer eager = new Outer();
        ScriptModule m = Jit.script(eager);
        assertTrue(m.graph().toString().contains("prim::CallMethod"), "the scripted graph calls the submodule:\n" + m.graph());

        Graph optimized = m.optimizedGraph("forward");
        assertFalse(optimized.toString().contains("prim::CallMethod"), "the call is inlined before optimizing:\n" + optimized);
        Node group = null;
        for (Node n : optimized.allNodes()) if (n.is(Prim.FUSION_GROUP)) group = n;
        assertNotNull(group, "a fusion group:\n" + optimized);
        List<String> fused = new java.util.ArrayList<>();
        for (Node n : group.blocks().get(0).nodes()) fused.add(n.kind());
        assertTrue(fused.contains("tensor::tanh") && fused.contains("tensor::sigmoid"),
                "one group holds the submodule's tanh and the outer sigmoid:\n" + optimized);

        // Training through the module (grad mode, parameters require grad) reaches the submodule's weight.
        Tensor x = Tensors.randn(4, 8);
        for (int i = 0; i < 3; i++) {
            eager.zeroGrad();
            m.forward(x).sum().backward();
        }
        Tensor scriptedGrad = eager.inner.lin.weight.grad().mul(1.0);
        eager.zeroGrad();
        eager.forward(x).sum().backward();
        assertClose(eager.inner.lin.weight.grad(), scriptedGrad, 1e-5);
    }

    private static int countFusionGroups(Graph g) {
        int n = 0;
        for (Node node : g.allNodes()) if (node.is(Prim.FUSION_GROUP)) n++;
        return n;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertNotNull(actual);
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])), "element " + i + ": " + e[i] + " vs " + a[i]);
        }
    }
}
