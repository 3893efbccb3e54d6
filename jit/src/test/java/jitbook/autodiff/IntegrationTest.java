package jitbook.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import jitbook.ir.Graph;
import jitbook.ir.IrParser;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.ops.DType;
import jitbook.tensor.BackwardFunction;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** How compiled calls meet eager autograd: which path runs, mixed graphs, several outputs, modules, display. */
class IntegrationTest {
    static Tensor vec(double... v) {
        return Tensors.tensor(v);
    }

    static final String TWO_OUTPUTS = String.join("\n",
            "graph(%x : Tensor, %w : Tensor):",
            "  %a : Tensor = tensor::mul(%x, %w)",
            "  %b : Tensor = tensor::sin(%x)",
            "  return (%a, %b, %a)");

    @Test
    void withoutAnythingRequiringGradTheForwardGraphRunsAlone() {
        ScriptFunction fn = Jit.function("f", IrParser.parse(TWO_OUTPUTS));
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) fn.call(vec(1, 2), vec(3, 4));
        Tensor a = (Tensor) out.get(0);
        assertFalse(a.requiresGrad());
        assertEquals("tensor([3., 8.], dtype=float64)", a.toString());
        Tensor x = vec(1, 2).requiresGrad(true);
        try (GradMode.Scope s = GradMode.disabled()) {
            assertFalse(((Tensor) ((List<?>) fn.call(x, vec(3, 4))).get(0)).requiresGrad(), "no-grad mode runs the plain forward");
        }
    }

    @Test
    void severalOutputsAndRepeatedOutputsSumTheirGradientsInOneBackwardCall() {
        ScriptFunction fn = Jit.function("f", IrParser.parse(TWO_OUTPUTS));
        Tensor x = vec(0.5, -1).requiresGrad(true);
        Tensor w = vec(2, 3).requiresGrad(true);
        List<?> out = (List<?>) fn.call(x, w);
        Tensor a = (Tensor) out.get(0);
        Tensor b = (Tensor) out.get(1);
        Tensor a2 = (Tensor) out.get(2);
        assertTrue(a.toString().contains("grad_fn=<ScriptBackward>"), a.toString());
        // loss = sum(a * 2) + sum(b) + sum(a2 * a2) mixes compiled outputs with eager ops.
        Tensor loss = a.mul(2.0).sum().add(b.sum()).add(a2.mul(a2).sum());
        loss.backward();
        double[] gx = x.grad().toDoubleArray();
        double[] gw = w.grad().toDoubleArray();
        double[] xs = {0.5, -1};
        double[] ws = {2, 3};
        for (int i = 0; i < 2; i++) {
            double av = xs[i] * ws[i];
            assertEquals(2 * ws[i] + Math.cos(xs[i]) + 2 * av * ws[i], gx[i], 1e-12);
            assertEquals(2 * xs[i] + 2 * av * xs[i], gw[i], 1e-12);
        }
    }

    @Test
    void onlyInputsThatRequireGradGetGradients() {
        ScriptFunction fn = Jit.function("f", IrParser.parse(TWO_OUTPUTS));
        Tensor x = vec(0.5, -1);
        Tensor w = vec(2, 3).requiresGrad(true);
        Tensor a = (Tensor) ((List<?>) fn.call(x, w)).get(0);
        a.sum().backward();
        assertNull(x.grad());
        assertEquals("tensor([ 0.5000, -1.0000], dtype=float64)", w.grad().toString());
    }

    @Test
    void aCompiledFunctionComposesWithItselfAndWithEagerOps() {
        ScriptFunction fn = Jit.function("f", IrParser.parse(CasePrograms.LOOP));
        Tensor h0 = Tensors.randn(2, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor w = Tensors.randn(3, 3).to(DType.FLOAT64).mul(0.5).detach().requiresGrad(true);
        Tensor x = Tensors.randn(3).to(DType.FLOAT64).requiresGrad(true);
        jitbook.tensor.GradCheck.Report r = jitbook.tensor.GradCheck.check(t -> {
            Tensor y1 = (Tensor) fn.call(t[0], t[1], t[2], 3);
            Tensor y2 = (Tensor) fn.call(t[0].mul(y1), t[1], t[2], 2);
            return y1.mul(y2).add(t[2].sum());
        }, h0, w, x);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void backwardGraphIsPrintableIr() {
        ScriptFunction fn = Jit.function("loop", IrParser.parse(CasePrograms.LOOP));
        Graph b = fn.backwardGraph();
        String text = b.toString();
        assertTrue(text.startsWith("graph(%grad_r : Tensor"), text);
        assertTrue(text.contains("prim::Loop(%trips") && text.contains("prim::ListUnpack"), text);
        jitbook.ir.Verifier.verify(IrParser.parse(text));
    }

    @Test
    void aScriptModuleGivesGradientsToItsParametersAndShowsItsBackwardGraph() {
        Tensors.manualSeed(1);
        jitbook.nn.Linear lin = new jitbook.nn.Linear(3, 2);
        Tensor x = Tensors.randn(4, 3);
        ScriptModule m = Jit.trace(lin, x);
        Tensor y = m.forward(x);
        assertTrue(y.requiresGrad(), "parameters require grad, so the output does");
        y.sum().backward();
        assertEquals("tensor([4., 4.])", lin.bias.grad().toString());
        String b = m.backwardGraph().toString();
        assertTrue(b.contains("tensor::linear") || b.contains("tensor::matmul"), b);
        lin.zeroGrad();
        for (Tensor p : lin.parameters()) p.requiresGrad(false);
        assertFalse(m.forward(x).requiresGrad(), "frozen parameters: the plain forward runs");
    }

    @Test
    void callsFromManyThreadsEachGetTheirOwnGradients() throws Exception {
        ScriptFunction fn = Jit.function("f", IrParser.parse(CasePrograms.LOOP_IF));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                final int seed = k;
                fs.add(pool.submit(() -> {
                    Tensor h = Tensors.full(new long[] {3}, 0.1 * seed, DType.FLOAT64).requiresGrad(true);
                    Tensor w = Tensors.full(new long[] {3}, 0.5, DType.FLOAT64).requiresGrad(true);
                    ((Tensor) fn.call(h, w, Tensors.ones(new long[] {3}, DType.FLOAT64), 4)).backward();
                    return h.grad().toDoubleArray();
                }));
            }
            for (int k = 0; k < 16; k++) {
                Tensor h = Tensors.full(new long[] {3}, 0.1 * k, DType.FLOAT64).requiresGrad(true);
                Tensor w = Tensors.full(new long[] {3}, 0.5, DType.FLOAT64).requiresGrad(true);
                Tensor[] t = {h, w, Tensors.ones(new long[] {3}, DType.FLOAT64)};
                CasePrograms.Case c = new CasePrograms.Case("x", CasePrograms.LOOP_IF, null, null, new Object[] {4});
                ((Tensor) fn.call(c.callArgs(t))).backward();
                assertEquals(java.util.Arrays.toString(h.grad().toDoubleArray()), java.util.Arrays.toString(fs.get(k).get()));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aBackwardFunctionRunsOnceWithTheSumOfItsOutputsGradients() {
        int[] calls = {0};
        Tensor x = vec(1, 2).requiresGrad(true);
        Tensor o1 = vec(1, 1);
        Tensor o2 = vec(1, 1);
        BackwardFunction.attach(g -> {
            calls[0]++;
            Tensor sum = g.get(0) == null ? g.get(1) : g.get(1) == null ? g.get(0) : g.get(0).add(g.get(1));
            return List.of(sum.mul(10.0));
        }, List.of(x), List.of(o1, o2));
        o1.mul(2.0).add(o2).add(o1).sum().backward();
        assertEquals(1, calls[0]);
        assertEquals("tensor([40., 40.], dtype=float64)", x.grad().toString());
        assertThrows(RuntimeException.class, () -> BackwardFunction.attach(g -> g, List.of(x), List.of(o1)),
                "an output already in a graph is refused");
    }

    @Test
    void tuplesBuiltInTheGraphPassGradientsToTheirElements() {
        String ir = String.join("\n",
                "graph(%x : Tensor):",
                "  %t : (Tensor, Tensor) = prim::TupleConstruct(%x, %x)",
                "  %a : Tensor, %b : Tensor = prim::TupleUnpack(%t)",
                "  %y : Tensor = tensor::mul(%a, %b)",
                "  return (%y)");
        Gradient g = Autodiff.differentiate(IrParser.parse(ir), new boolean[] {true});
        Object[] grads = new jitbook.exec.Interpreter(g.backward()).run(withSaved(g, vec(1, 1).array(), vec(3, -2).array()));
        assertEquals("tensor([ 6., -4.], dtype=float64)", Tensor.fromArray((jitbook.ops.NdArray) grads[0]).toString(), "d(x*x)/dx = 2x");
    }

    @Test
    void unsupportedConstructsOnAGradientPathAreNamed() {
        String ir = String.join("\n",
                "graph(%x : Tensor, %n : int):",
                "  %l : Any = list::new()",
                "  %t : bool = prim::Constant[value=1]()",
                "  %l2 : Any = prim::Loop(%n, %t, %l)",
                "    block0(%i : int, %acc : Any):",
                "      %ok : bool = list::add(%acc, %x)",
                "      -> (%t, %acc)",
                "  %zero : int = prim::Constant[value=0]()",
                "  %s : Tensor = tensor::stack(%l2, %zero)",
                "  return (%s)");
        AutodiffException e = assertThrows(AutodiffException.class,
                () -> Autodiff.differentiate(IrParser.parse(ir), new boolean[] {true, false}));
        assertTrue(e.getMessage().contains("list"), e.getMessage());
    }

    @Test
    void submoduleMethodCallsAreInlinedSoTheirParametersGetGradients() {
        ScriptModule inner = new ScriptModule("Scale");
        Tensor w = vec(2, 3).requiresGrad(true);
        inner.register("w", w);
        inner.addMethod("forward", IrParser.parse(String.join("\n",
                "graph(%self : __jit__.Scale, %x : Tensor):",
                "  %w : Tensor = prim::GetAttr[name=\"w\"](%self)",
                "  %y : Tensor = tensor::mul(%x, %w)",
                "  return (%y)")));
        ScriptModule outer = new ScriptModule("Outer");
        outer.register("scale", inner);
        outer.addMethod("forward", IrParser.parse(String.join("\n",
                "graph(%self : __jit__.Outer, %x : Tensor):",
                "  %s : __jit__.Scale = prim::GetAttr[name=\"scale\"](%self)",
                "  %a : Tensor = prim::CallMethod[name=\"forward\"](%s, %x)",
                "  %b : Tensor = prim::CallMethod[name=\"forward\"](%s, %a)",
                "  %none : NoneType = prim::Constant()",
                "  %f : bool = prim::Constant[value=0]()",
                "  %r : Tensor = tensor::sum(%b, %none, %f)",
                "  return (%r)")));
        Tensor x = vec(1, -1).requiresGrad(true);
        ((Tensor) outer.call(x)).backward();
        assertEquals("tensor([ 4., -6.], dtype=float64)", w.grad().toString(), "d sum(x w w)/dw = 2 x w");
        assertEquals("tensor([4., 9.], dtype=float64)", x.grad().toString());
    }

    @Test
    void aListBuiltByAppendsAndReadByStackDifferentiates() {
        String ir = String.join("\n",
                "graph(%x : Tensor):",
                "  %l : Any = list::new()",
                "  %ok : bool = list::add(%l, %x)",
                "  %ok2 : bool = list::add(%l, %x)",
                "  %zero : int = prim::Constant[value=0]()",
                "  %s : Tensor = tensor::stack(%l, %zero)",
                "  return (%s)");
        Gradient g = Autodiff.differentiate(IrParser.parse(ir), new boolean[] {true});
        jitbook.ops.NdArray gradOut = jitbook.ops.NdArray.zeros(jitbook.ops.DType.FLOAT64, new long[] {2, 2});
        gradOut.setDouble(0, 1);
        gradOut.setDouble(3, 10);
        Object[] grads = new jitbook.exec.Interpreter(g.backward()).run(withSaved(g, gradOut, vec(5, 7).array()));
        assertEquals("tensor([ 1., 10.], dtype=float64)", Tensor.fromArray((jitbook.ops.NdArray) grads[0]).toString(),
                "both stacked rows are x: their gradients add");
    }

    /** The backward's arguments: the output gradient, then the values the forward saved for it. */
    private static Object[] withSaved(Gradient g, jitbook.ops.NdArray gradOut, jitbook.ops.NdArray x) {
        Object[] forward = new jitbook.exec.Interpreter(g.forward()).run(new Object[] {x});
        Object[] args = new Object[1 + g.savedCount()];
        args[0] = gradOut;
        System.arraycopy(forward, g.outputCount(), args, 1, g.savedCount());
        return args;
    }
}
