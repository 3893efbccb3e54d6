package jitbook.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.nn.LSTMCell;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.script.CompilationUnit;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Gradients of scripted code through records and tuples, lists returned from helpers
 * ({@code List.of(h, c)}), tuple and list results, and {@code cat}/{@code stack} over lists
 * built in loops: each compared with eager autograd on the same Java.
 */
class AggregateGradientsTest {
    @TempDir
    Path dir;

    /** The gradient eager autograd gives for {@code f} at {@code x}. */
    private static float[] eagerGrad(Tensor x, Function<Tensor, Tensor> f) {
        Tensor leaf = x.detach().requiresGrad(true);
        f.apply(leaf).backward();
        return leaf.grad().toFloatArray();
    }

    private static float[] scriptedGrad(Tensor x, Function<Tensor, Object> f) {
        Tensor leaf = x.detach().requiresGrad(true);
        ((Tensor) f.apply(leaf)).backward();
        return leaf.grad().toFloatArray();
    }

    @Test
    void aRecordCarriedThroughALoopAndReturnedByAHelperDifferentiates() {
        CompilationUnit u = Jit.compile("record P(Tensor h, Tensor c) {}\n"
                + "P step(Tensor x, P p) { return new P(x.mul(p.h()).tanh(), p.c().add(x)); }\n"
                + "Tensor f(Tensor x, int n) {\n"
                + "    P p = new P(x, x.mul(2.0));\n"
                + "    for (int i = 0; i < n; i++) p = step(x, p);\n"
                + "    if (n > 1) p = new P(p.c(), p.h());\n"
                + "    return p.h().mul(p.c()).sum();\n"
                + "}");
        Tensor x = Tensors.randn(4);
        float[] expected = eagerGrad(x, v -> {
            Tensor h = v;
            Tensor c = v.mul(2.0);
            for (int i = 0; i < 3; i++) {
                Tensor nh = v.mul(h).tanh();
                c = c.add(v);
                h = nh;
            }
            return c.mul(h).sum();
        });
        assertArrayEquals(expected, scriptedGrad(x, v -> u.function("f").call(v, 3)), 1e-5f);
    }

    @Test
    void aListReturnedByAHelperDifferentiates() {
        CompilationUnit u = Jit.compile("List<Tensor> two(Tensor a) { return List.of(a.relu(), a.exp()); }\n"
                + "Tensor f(Tensor x) { List<Tensor> l = two(x); Tensor h = l.get(0); Tensor c = l.get(1); return h.mul(c).sum(); }");
        Tensor x = Tensors.randn(5);
        assertArrayEquals(eagerGrad(x, v -> v.relu().mul(v.exp()).sum()), scriptedGrad(x, v -> u.function("f").call(v)), 1e-5f);
    }

    /** Issue 24 item 8: every tensor of a list or record result keeps requiresGrad and its gradient. */
    @Test
    void everyTensorOfAListOrRecordResultTakesAGradient() {
        ScriptFunction f = Jit.script("List<Tensor> f(Tensor a, Tensor c) { return List.of(a.relu(), c.relu()); }");
        Tensor a = Tensors.randn(3).requiresGrad(true);
        Tensor c = Tensors.tensor(1f, -2f, 3f).requiresGrad(true);
        List<?> out = (List<?>) f.call(a, c);
        assertTrue(((Tensor) out.get(0)).requiresGrad() && ((Tensor) out.get(1)).requiresGrad());
        ((Tensor) out.get(1)).sum().backward();
        assertArrayEquals(new float[] {1, 0, 1}, c.grad().toFloatArray());

        CompilationUnit u = Jit.compile("record Pair(Tensor first, Tensor second) {}\n"
                + "Pair f(Tensor a) { return new Pair(a.mul(2.0), a.mul(a)); }");
        Tensor x = Tensors.tensor(1f, 2f).requiresGrad(true);
        Object[] pair = (Object[]) u.function("f").call(x);
        ((Tensor) pair[0]).sum().add(((Tensor) pair[1]).sum()).backward();
        assertArrayEquals(new float[] {4, 6}, x.grad().toFloatArray(), "2 + 2x");
    }

    @Test
    void catAndStackOverListsBuiltInLoopsDifferentiate() {
        ScriptFunction cat = Jit.script("Tensor f(Tensor x, int n) {\n"
                + "    List<Tensor> parts = new ArrayList<>();\n"
                + "    Tensor h = x;\n"
                + "    for (int i = 0; i < n; i++) { h = h.tanh(); parts.add(h.mul(i + 1)); }\n"
                + "    return Tensors.cat(parts, 0).pow(2.0).sum();\n"
                + "}");
        Tensor x = Tensors.randn(3);
        float[] expected = eagerGrad(x, v -> {
            List<Tensor> parts = new ArrayList<>();
            Tensor h = v;
            for (int i = 0; i < 4; i++) {
                h = h.tanh();
                parts.add(h.mul(i + 1));
            }
            return Tensors.cat(parts, 0).pow(2.0).sum();
        });
        assertArrayEquals(expected, scriptedGrad(x, v -> cat.call(v, 4)), 1e-5f);

        ScriptFunction stack = Jit.script("Tensor f(Tensor x, int n) {\n"
                + "    List<Tensor> parts = new ArrayList<>();\n"
                + "    Tensor h = x;\n"
                + "    for (int i = 0; i < n; i++) { h = h.sin(); parts.add(h); }\n"
                + "    Tensor s = Tensors.stack(parts, 1);\n"
                + "    return s.mul(s).sum();\n"
                + "}");
        Tensor y = Tensors.randn(2, 3);
        float[] expectedStack = eagerGrad(y, v -> {
            List<Tensor> parts = new ArrayList<>();
            Tensor h = v;
            for (int i = 0; i < 3; i++) {
                h = h.sin();
                parts.add(h);
            }
            Tensor s = Tensors.stack(parts, 1);
            return s.mul(s).sum();
        });
        assertArrayEquals(expectedStack, scriptedGrad(y, v -> stack.call(v, 3)), 1e-5f);
    }

    /** A sequence model written with LSTMCell and its State, as a user would. */
    static final class Encoder extends Module {
        final LSTMCell cell = new LSTMCell(3, 4);
        final Linear head = new Linear(4, 1);

        @Override
        public Tensor forward(Tensor xs) {
            LSTMCell.State state = cell.initialState(xs.size(0));
            List<Tensor> hs = new ArrayList<>();
            for (int t = 0; t < xs.size(1); t++) {
                state = cell.forward(xs.select(1, t), state);
                hs.add(state.h());
            }
            return head.forward(Tensors.stack(hs, 1).mean(new long[] {1}, false));
        }
    }

    @Test
    void aLoadedModelWithRecordsAndLoopBuiltListsTrainsInGradMode() throws Exception {
        Encoder e = new Encoder();
        Path file = dir.resolve("encoder.jbm");
        Jit.save(Jit.script(e), file);
        Tensor xs = Tensors.randn(2, 5, 3);
        assertArrayEquals(e.forward(xs).toFloatArray(), Jit.load(file).forward(xs).toFloatArray(), 1e-5f,
                "loaded for inference, called in grad mode");
        ScriptModule loaded = Jit.load(file, jitbook.io.LoadOptions.training());
        Tensor out = loaded.forward(xs);
        out.sum().backward();
        Tensor eager = e.forward(xs);
        eager.sum().backward();
        assertArrayEquals(eager.toFloatArray(), out.toFloatArray(), 1e-5f);
        for (String name : e.namedParameters().keySet()) {
            Tensor scriptedParam = loaded.namedParameters().get(name);
            assertTrue(scriptedParam != null && scriptedParam.grad() != null, name + " gets a gradient");
            assertArrayEquals(e.namedParameters().get(name).grad().toFloatArray(), scriptedParam.grad().toFloatArray(), 1e-5f, name);
        }
    }
}
