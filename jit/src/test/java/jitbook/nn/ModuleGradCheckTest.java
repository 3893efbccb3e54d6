package jitbook.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jitbook.ops.DType;
import jitbook.tensor.GradCheck;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** Each layer's gradients, through a small composite expression, against finite differences in float64. */
class ModuleGradCheckTest {
    /** The module's parameters and the given inputs, all float64 leaves that require grad. */
    private static Map<String, Tensor> wrt(Module m, Map<String, Tensor> inputs) {
        Map<String, Tensor> all = new LinkedHashMap<>(m.to(DType.FLOAT64).namedParameters());
        all.putAll(inputs);
        return all;
    }

    private static Tensor input(long... shape) {
        return Tensors.randn(shape).to(DType.FLOAT64).requiresGrad(true);
    }

    @Test
    void linearThroughTanhAndAProduct() {
        Tensors.manualSeed(10);
        Linear l = new Linear(4, 3);
        Tensor x = input(2, 4);
        GradCheck.assertGradients(() -> l.forward(x).tanh().mul(l.forward(x.mul(0.5))), wrt(l, Map.of("x", x)));
    }

    @Test
    void conv2dThroughSigmoidAndMaxPool() {
        Tensors.manualSeed(11);
        Conv2d c = new Conv2d(2, 3, 3, 1, 1, true);
        Tensor x = input(1, 2, 4, 4);
        GradCheck.assertGradients(() -> F.maxPool2d(c.forward(x).sigmoid(), 2), wrt(c, Map.of("x", x)));
    }

    @Test
    void layerNormTimesItsInput() {
        Tensors.manualSeed(12);
        LayerNorm ln = new LayerNorm(5);
        // Non-trivial scale and shift, so their gradients are not the degenerate ones at 1 and 0.
        ln.weight = Tensors.randn(5).requiresGrad(true);
        ln.bias = Tensors.randn(5).requiresGrad(true);
        Tensor x = input(3, 5);
        GradCheck.assertGradients(() -> ln.forward(x).mul(x), wrt(ln, Map.of("x", x)));
    }

    @Test
    void lstmCellUnrolledForTwoSteps() {
        Tensors.manualSeed(13);
        LSTMCell cell = new LSTMCell(3, 4);
        Tensor x1 = input(2, 3);
        Tensor x2 = input(2, 3);
        Tensor h0 = input(2, 4);
        Tensor c0 = input(2, 4);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("x1", x1);
        in.put("x2", x2);
        in.put("h0", h0);
        in.put("c0", c0);
        GradCheck.assertGradients(() -> {
            LSTMCell.State s = cell.forward(x2, cell.forward(x1, new LSTMCell.State(h0, c0)));
            return s.h().add(s.c().mul(0.3));
        }, wrt(cell, in));
    }

    @Test
    void rnnCellUnrolledForThreeSteps() {
        Tensors.manualSeed(14);
        RNNCell cell = new RNNCell(2, 3);
        Tensor x = input(3, 1, 2);
        Tensor h0 = input(1, 3);
        GradCheck.assertGradients(() -> {
            Tensor h = h0;
            for (int t = 0; t < 3; t++) h = cell.forward(x.get(t), h);
            return h;
        }, wrt(cell, Map.of("x", x, "h0", h0)));
    }

    @Test
    void embeddingRowsPickedTwiceAccumulate() {
        Tensors.manualSeed(15);
        Embedding e = new Embedding(4, 3);
        Tensor idx = Tensors.tensor(new long[][] {{1, 3}, {1, 0}});
        GradCheck.assertGradients(() -> e.forward(idx).tanh(), wrt(e, Map.of()));
    }
}
