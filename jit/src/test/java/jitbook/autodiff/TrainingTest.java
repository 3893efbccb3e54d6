package jitbook.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.F;
import jitbook.nn.Linear;
import jitbook.nn.RNNCell;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.optim.Adam;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Compiled modules train: a traced MLP and an RNN whose forward is a graph with a prim::Loop
 * over time steps, each trained with the eager Adam (which updates the very tensors the
 * ScriptModule reads), give the loss curve of the same model trained eagerly, and learn.
 * To move to scripted sources later, only {@link #tracedMlp} and {@link #rnnModule} change.
 */
class TrainingTest {
    static final int EPOCHS_MLP = 150;
    static final int EPOCHS_RNN = 150;
    /** Loss curves of eager and compiled training may drift by float32 rounding only. */
    static final double CURVE_TOLERANCE = 1e-4;

    /** Two concentric rings: class 0 inside radius 0.8, class 1 between 1.2 and 1.8. */
    static Tensor[] rings(long seed, int n) {
        Random r = new Random(seed);
        float[][] x = new float[n][2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double radius = y[i] == 0 ? 0.8 * Math.sqrt(r.nextDouble()) : 1.2 + 0.6 * r.nextDouble();
            double angle = 2 * Math.PI * r.nextDouble();
            x[i][0] = (float) (radius * Math.cos(angle));
            x[i][1] = (float) (radius * Math.sin(angle));
        }
        return new Tensor[] {Tensors.tensor(x), Tensors.tensor(y)};
    }

    static Sequential mlp(long seed) {
        Tensors.manualSeed(seed);
        return new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 16), new ReLU(), new Linear(16, 2));
    }

    /** The compiled MLP: traced for now (scripted later); it reads the eager model's own parameters. */
    static ScriptModule tracedMlp(Sequential model, Tensor example) {
        return Jit.trace(model, example);
    }

    static double[] train(Supplier<Tensor> loss, java.util.List<Tensor> params, int epochs, double lr) {
        Adam opt = new Adam(params, lr);
        double[] curve = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            opt.zeroGrad();
            Tensor l = loss.get();
            l.backward();
            opt.step();
            curve[e] = l.item();
        }
        return curve;
    }

    static void assertSameCurve(double[] eager, double[] compiled) {
        for (int e = 0; e < eager.length; e++) {
            assertEquals(eager[e], compiled[e], CURVE_TOLERANCE * (1 + Math.abs(eager[e])),
                    "loss at epoch " + e + ": eager " + eager[e] + ", compiled " + compiled[e]);
        }
    }

    @Test
    void aCompiledMlpTrainsLikeTheEagerOneAndLearns() {
        Tensor[] data = rings(1, 400);
        Sequential eager = mlp(7);
        Sequential mirror = mlp(7);
        ScriptModule compiled = tracedMlp(mirror, data[0]);
        assertEquals(mirror.parameters().size(), compiled.parameters().size());

        double[] e = train(() -> F.crossEntropy(eager.forward(data[0]), data[1]), eager.parameters(), EPOCHS_MLP, 0.02);
        double[] c = train(() -> F.crossEntropy(compiled.forward(data[0]), data[1]), compiled.parameters(), EPOCHS_MLP, 0.02);
        assertSameCurve(e, c);
        double last = c[c.length - 1];
        assertTrue(last < 0.05, "final loss " + last + " (first " + c[0] + ")");
        System.out.printf("MLP cross-entropy over %d epochs: %.3g -> %.3g (eager %.3g -> %.3g)%n", EPOCHS_MLP, c[0], last, e[0], e[e.length - 1]);
    }

    // ---- RNN ---------------------------------------------------------------------------------

    /** An Elman RNN over the time steps of xs [T, B, 3], then a linear read-out of the last state, mse against target. */
    static final String RNN_FORWARD = String.join("\n",
            "graph(%self : __jit__.SeqRegressor, %xs : Tensor, %h0 : Tensor, %target : Tensor):",
            "  %w_ih : Tensor = prim::GetAttr[name=\"weight_ih\"](%self)",
            "  %w_hh : Tensor = prim::GetAttr[name=\"weight_hh\"](%self)",
            "  %b_ih : Tensor = prim::GetAttr[name=\"bias_ih\"](%self)",
            "  %b_hh : Tensor = prim::GetAttr[name=\"bias_hh\"](%self)",
            "  %out : __jit__.Linear = prim::GetAttr[name=\"out\"](%self)",
            "  %w_out : Tensor = prim::GetAttr[name=\"weight\"](%out)",
            "  %b_out : Tensor = prim::GetAttr[name=\"bias\"](%out)",
            "  %zero : int = prim::Constant[value=0]()",
            "  %true : bool = prim::Constant[value=1]()",
            "  %T : int = tensor::size(%xs, %zero)",
            "  %h : Tensor = prim::Loop(%T, %true, %h0)",
            "    block0(%t : int, %h.1 : Tensor):",
            "      %x : Tensor = tensor::select(%xs, %zero, %t)",
            "      %a : Tensor = tensor::linear(%x, %w_ih, %b_ih)",
            "      %u : Tensor = tensor::linear(%h.1, %w_hh, %b_hh)",
            "      %s : Tensor = tensor::add(%a, %u)",
            "      %h.2 : Tensor = tensor::tanh(%s)",
            "      -> (%true, %h.2)",
            "  %y : Tensor = tensor::linear(%h, %w_out, %b_out)",
            "  %loss : Tensor = tensor::mse_loss(%y, %target)",
            "  return (%loss)");

    static final int HIDDEN = 12;

    /** The compiled RNN: a module whose forward is the IR above, over the eager cell's and read-out's tensors. */
    static ScriptModule rnnModule(RNNCell cell, Linear out) {
        ScriptModule m = new ScriptModule("SeqRegressor");
        m.register("weight_ih", cell.weightIh);
        m.register("weight_hh", cell.weightHh);
        m.register("bias_ih", cell.biasIh);
        m.register("bias_hh", cell.biasHh);
        ScriptModule lin = new ScriptModule("Linear");
        lin.register("weight", out.weight);
        lin.register("bias", out.bias);
        m.register("out", lin);
        m.addMethod("forward", Jit.parseIr(RNN_FORWARD));
        return m;
    }

    static Tensor eagerRnnLoss(RNNCell cell, Linear out, Tensor xs, Tensor h0, Tensor target) {
        Tensor h = h0;
        for (int t = 0; t < xs.size(0); t++) h = cell.forward(xs.select(0, t), h);
        return F.mseLoss(out.forward(h), target);
    }

    /** Sequences of 8 steps; the target is a weighted sum over time of the first feature (needs memory). */
    static Tensor[] sequences(long seed, int batch) {
        Random r = new Random(seed);
        float[][][] xs = new float[8][batch][3];
        float[][] y = new float[batch][1];
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int t = 0; t < 8; t++) {
                for (int k = 0; k < 3; k++) xs[t][b][k] = (float) r.nextGaussian();
                s += (t < 4 ? 0.4 : -0.2) * xs[t][b][0];
            }
            y[b][0] = (float) Math.tanh(s);
        }
        return new Tensor[] {Tensors.tensor(xs), Tensors.tensor(y)};
    }

    @Test
    void aCompiledRnnLoopTrainsLikeTheEagerOneAndLearns() {
        Tensor[] data = sequences(3, 32);
        Tensor h0 = Tensors.zeros(32, HIDDEN);
        Tensors.manualSeed(11);
        RNNCell cellA = new RNNCell(3, HIDDEN);
        Linear outA = new Linear(HIDDEN, 1);
        Tensors.manualSeed(11);
        RNNCell cellB = new RNNCell(3, HIDDEN);
        Linear outB = new Linear(HIDDEN, 1);
        ScriptModule compiled = rnnModule(cellB, outB);
        assertEquals(6, compiled.parameters().size());

        java.util.List<Tensor> eagerParams = new java.util.ArrayList<>(cellA.parameters());
        eagerParams.addAll(outA.parameters());
        double[] e = train(() -> eagerRnnLoss(cellA, outA, data[0], h0, data[1]), eagerParams, EPOCHS_RNN, 0.01);
        double[] c = train(() -> (Tensor) compiled.call(data[0], h0, data[1]), compiled.parameters(), EPOCHS_RNN, 0.01);
        assertSameCurve(e, c);
        double last = c[c.length - 1];
        assertTrue(last < 0.01, "final loss " + last + " (first " + c[0] + ")");
        assertTrue(last < c[0] / 5, "loss " + c[0] + " -> " + last);
        assertNotNull(cellB.weightHh.grad(), "the recurrent weight got a gradient through the loop");
        System.out.printf("RNN mse over %d epochs: %.3g -> %.3g (eager %.3g -> %.3g)%n", EPOCHS_RNN, c[0], last, e[0], e[e.length - 1]);
    }
}
