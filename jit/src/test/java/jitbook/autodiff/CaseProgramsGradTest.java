package jitbook.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import jitbook.ir.Graph;
import jitbook.ir.IrParser;
import jitbook.ir.IrPrinter;
import jitbook.ir.Verifier;
import jitbook.jit.ScriptFunction;
import jitbook.ops.DType;
import jitbook.tensor.GradCheck;
import jitbook.tensor.Tensor;

/**
 * The case programs (straight-line code, ifs on bools and on tensors, counted, nested and while
 * loops, an RNN over time steps, lists) through the compiled path: gradients match finite
 * differences in float64, match eager autograd on the same program to 1e-6, and the gradient
 * graphs are ordinary IR (verified, printed and parsed back).
 */
class CaseProgramsGradTest {
    @TestFactory
    Stream<DynamicTest> compiledGradientsPassGradCheck() {
        return CasePrograms.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            ScriptFunction fn = c.compile();
            GradCheck.Report r = GradCheck.check(in -> (Tensor) fn.call(c.callArgs(in)), c.inputs(7));
            assertTrue(r.passed(), c + ": " + r);
        }));
    }

    @TestFactory
    Stream<DynamicTest> compiledAndEagerGradientsAgree() {
        return CasePrograms.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            ScriptFunction fn = c.compile();
            Tensor[] a = leaves(c.inputs(11));
            Tensor[] b = leaves(c.inputs(11));
            Tensor compiled = (Tensor) fn.call(c.callArgs(a));
            Tensor eager = c.eager().apply(b, c.extra());
            assertEquals(eager.item(), compiled.item(), 1e-9 * (1 + Math.abs(eager.item())), c + ": forward values");
            compiled.backward();
            eager.backward();
            for (int i = 0; i < a.length; i++) {
                assertClose(b[i].grad(), a[i].grad(), 1e-6, c + ": gradient of input " + i);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradientGraphsAreOrdinaryIr() {
        return CasePrograms.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Graph g = IrParser.parse(c.ir());
            boolean[] mask = new boolean[g.inputs().size()];
            for (int i = 0; i < c.shapes().length; i++) mask[i] = true;
            Gradient gr = Autodiff.differentiate(g, mask);
            for (Graph x : new Graph[] {gr.forward(), gr.backward()}) {
                Verifier.verify(x);
                String text = x.toString();
                Graph back = IrParser.parse(text);
                Verifier.verify(back);
                assertEquals(IrPrinter.printCanonical(x), IrPrinter.printCanonical(back), "round trip of\n" + text);
            }
            assertEquals(IrPrinter.printCanonical(g), IrPrinter.printCanonical(IrParser.parse(c.ir())), "the input graph is untouched");
        }));
    }

    static Tensor[] leaves(Tensor[] in) {
        Tensor[] out = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i].dtype().isFloating() ? Tensor.fromArray(in[i].array().copy()).requiresGrad(true) : in[i];
        }
        return out;
    }

    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        if (expected == null || actual == null) {
            double e = expected == null ? 0 : maxAbs(expected);
            double a = actual == null ? 0 : maxAbs(actual);
            assertTrue(e <= tol && a <= tol, what + ": one gradient is missing and the other is not zero (" + expected + " vs " + actual + ")");
            return;
        }
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + ": shape");
        double[] e = expected.array().to(DType.FLOAT64).doubles();
        double[] a = actual.array().to(DType.FLOAT64).doubles();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * Math.max(1, Math.abs(e[i])),
                    what + ": element " + i + " eager " + e[i] + " vs compiled " + a[i]);
        }
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.array().to(DType.FLOAT64).doubles()) m = Math.max(m, Math.abs(v));
        return m;
    }
}
