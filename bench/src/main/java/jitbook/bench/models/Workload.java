package jitbook.bench.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.F;
import jitbook.nn.Module;
import jitbook.optim.Optimizer;
import jitbook.script.Scripting;
import jitbook.script.SourceProvider;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * One benchmark model with its inputs and loss, built the same way as bench/pytorch/workloads.py
 * builds its PyTorch twin (same shapes; each side its own random weights and data). Names:
 * {@code cnn32}, {@code cnn64} (the CNN at batch 32 and 64), {@code lstm}, {@code transformer},
 * {@code mlp64}.
 */
public final class Workload {
    public final String name;
    public final Module model;
    public final Tensor[] inputs;
    /** Class indices (int64) for cross entropy, or a float target for mse. */
    public final Tensor target;
    private final boolean classify;

    private Workload(String name, Module model, Tensor[] inputs, Tensor target, boolean classify) {
        this.name = name;
        this.model = model;
        this.inputs = inputs;
        this.target = target;
        this.classify = classify;
    }

    public static Workload of(String name) {
        Tensors.manualSeed(0);
        Random rnd = new Random(0);
        switch (name) {
            case "cnn32":
            case "cnn64": {
                int b = name.equals("cnn32") ? 32 : 64;
                return new Workload(name, new Cnn(), new Tensor[] {Tensors.randn(b, 1, 28, 28)}, labels(rnd, b, 10), true);
            }
            case "lstm": {
                long[][] tokens = new long[32][32];
                for (long[] row : tokens) for (int j = 0; j < row.length; j++) row[j] = rnd.nextInt(1000);
                return new Workload(name, new LstmClassifier(), new Tensor[] {Tensors.tensor(tokens)}, labels(rnd, 32, 10), true);
            }
            case "transformer": {
                float[][] mask = new float[64][64];
                for (int i = 0; i < 64; i++) for (int j = i + 1; j < 64; j++) mask[i][j] = Float.NEGATIVE_INFINITY;
                return new Workload(name, new TransformerBlock(), new Tensor[] {Tensors.randn(8, 64, 128), Tensors.tensor(mask)},
                        Tensors.randn(8, 64, 128), false);
            }
            case "mlp64":
                return new Workload(name, new Mlp(), new Tensor[] {Tensors.randn(64, 128)}, labels(rnd, 64, 10), true);
            default:
                throw new IllegalArgumentException("no workload " + name + " (cnn32, cnn64, lstm, transformer, mlp64)");
        }
    }

    private static Tensor labels(Random rnd, int n, int classes) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = rnd.nextInt(classes);
        return Tensors.tensor(y);
    }

    /** The eager model's forward on the inputs. */
    public Tensor forward() {
        if (model instanceof TransformerBlock) return ((TransformerBlock) model).forward(inputs[0], inputs[1]);
        return model.forward(inputs[0]);
    }

    /** The eager forward with gradients off, as the forward benchmarks time it. */
    public Tensor inference() {
        try (GradMode.Scope s = GradMode.disabled()) {
            return forward();
        }
    }

    /** One eager training step: zero the gradients, forward, loss, backward, an optimizer step. */
    public Tensor trainStep(Optimizer opt) {
        opt.zeroGrad();
        Tensor loss = loss(forward());
        loss.backward();
        opt.step();
        return loss;
    }

    /** The loss of an output: cross entropy against class indices, or mse against the target. */
    public Tensor loss(Tensor out) {
        return classify ? F.crossEntropy(out, target) : F.mseLoss(out, target);
    }

    /** The model scripted from its source ({@code Jit.script}), which ships in the benchmark jar. */
    public ScriptModule script() {
        registerSources();
        return Jit.script(model);
    }

    private static volatile boolean registered;

    private static synchronized void registerSources() {
        if (registered) return;
        Scripting.addSourceProvider(simpleName -> {
            String path = "jitbook/bench/models/" + simpleName + ".java";
            try (InputStream in = Workload.class.getClassLoader().getResourceAsStream(path)) {
                return in == null ? null : new SourceProvider.Found(simpleName + ".java", new String(in.readAllBytes(), StandardCharsets.UTF_8), false);
            } catch (IOException e) {
                return null;
            }
        });
        registered = true;
    }
}
