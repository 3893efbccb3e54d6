package jitbook.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import jitbook.exec.fuse.FusedGroup;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.F;
import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.passes.GraphExecutor;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The reference MLP, {@code Sequential(Linear(128, 256), ReLU, Linear(256, 256), ReLU,
 * Linear(256, 10))}, float32, at batch 1 and 64: the model PyTorch's figures in BENCHMARKS.md
 * were measured on (31 / 21 us at batch 1, 177 / 155 us at batch 64, eager / TorchScript).
 *
 * <p>Inference (forward under no-grad), four ways: eager modules; {@code Jit.trace} of the
 * module; the scripted module run as compiled, without any pass ({@code jitbook.optimize=false});
 * the scripted module with everything (the default executor: specialized, optimized, fusion on).
 * Fusion finds nothing to fuse in this model: {@code Linear} is one op ({@code tensor::linear},
 * bias included) and each ReLU stands alone, and a group needs two elementwise ops; so there is
 * no separate "optimized, unfused" row (it would run the same plan). Beside them the same
 * forward written directly against ND4J ({@code mmul}, then bias and ReLU in place).
 *
 * <p>Training: forward + backward of {@code mseLoss(model(x), y)}, eager and compiled (the
 * scripted and the traced module: forward graph with saved values, backward graph from
 * {@code jitbook.autodiff}), and the compiled forward alone under grad mode, so that
 * backward = (forward+backward) - forward can be checked against the 3x goal.
 *
 * <p>The switches are process-wide, so each variant sets them in its own state: run with forks
 * (the default), as JMH runs every benchmark method in a fresh JVM.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class MlpBench {

    /** The model, input and target; eager parameters require grad, as a module's do. */
    @State(Scope.Thread)
    public static class Model {
        @Param({"1", "64"})
        public int batch;

        Sequential mlp;
        Tensor x;
        Tensor target;

        @Setup(Level.Trial)
        public void setUp() {
            Tensors.manualSeed(0);
            mlp = new Sequential(new Linear(128, 256), new ReLU(), new Linear(256, 256), new ReLU(), new Linear(256, 10));
            x = Tensors.randn(batch, 128);
            target = Tensors.randn(batch, 10);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            PeakMemory.report("MlpBench batch=" + batch);
        }
    }

    /**
     * The same model as a module class declared in source, for {@code Jit.script}: scripting
     * {@code Sequential} itself fails (its for-each over {@code List<Module>} calls the base
     * {@code Module.forward}, outside the script subset), so scripted variants use this class,
     * constructed by javac from the same text (its own random weights; same shapes).
     */
    static final String MLP_SOURCE = String.join("\n",
            "class Mlp extends Module {",
            "    Linear fc1;",
            "    Linear fc2;",
            "    Linear fc3;",
            "    Mlp() {",
            "        fc1 = new Linear(128, 256);",
            "        fc2 = new Linear(256, 256);",
            "        fc3 = new Linear(256, 10);",
            "    }",
            "    public Tensor forward(Tensor x) {",
            "        return fc3.forward(fc2.forward(fc1.forward(x).relu()).relu());",
            "    }",
            "}");

    /** Compiled forms; which switches are set depends on the variant asked for. */
    abstract static class Compiled {
        ScriptModule module;

        void build(Model m, boolean optimize, boolean fuse, boolean traced) {
            GraphExecutor.setEnabled(optimize);
            FusedGroup.setEnabled(fuse);
            module = traced ? Jit.trace(m.mlp, m.x) : Jit.compile(MLP_SOURCE).newModule("Mlp");
            try (GradMode.Scope s = GradMode.disabled()) {
                for (int i = 0; i < 5; i++) module.forward(m.x); // profiling runs, then the specialized plan
            }
        }

        void zeroGrad() {
            for (Tensor p : module.parameters()) p.zeroGrad();
        }
    }

    @State(Scope.Thread)
    public static class Traced extends Compiled {
        @Setup(Level.Trial)
        public void setUp(Model m) {
            build(m, true, true, true);
        }
    }

    @State(Scope.Thread)
    public static class ScriptedNoPasses extends Compiled {
        @Setup(Level.Trial)
        public void setUp(Model m) {
            build(m, false, false, false);
        }
    }

    @State(Scope.Thread)
    public static class ScriptedFused extends Compiled {
        @Setup(Level.Trial)
        public void setUp(Model m) {
            build(m, true, true, false);
        }
    }

    /** The same forward against ND4J: weights transposed once to [in, out]. */
    @State(Scope.Thread)
    public static class Nd4jModel {
        INDArray x;
        INDArray[] w = new INDArray[3];
        INDArray[] b = new INDArray[3];

        @Setup(Level.Trial)
        public void setUp(Model m) {
            x = m.x.toINDArray().castTo(DataType.FLOAT);
            for (int i = 0; i < 3; i++) {
                Linear l = (Linear) m.mlp.get(2 * i);
                w[i] = l.weight.detach().t().toINDArray().castTo(DataType.FLOAT).dup('c');
                b[i] = l.bias.detach().toINDArray().castTo(DataType.FLOAT).reshape(1, -1);
            }
        }
    }

    // ---- inference --------------------------------------------------------------------------

    @Benchmark
    public Tensor eager(Model m) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return m.mlp.forward(m.x);
        }
    }

    @Benchmark
    public Tensor traced(Model m, Traced c) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return c.module.forward(m.x);
        }
    }

    @Benchmark
    public Tensor scriptedNoPasses(Model m, ScriptedNoPasses c) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return c.module.forward(m.x);
        }
    }

    @Benchmark
    public Tensor scriptedFused(Model m, ScriptedFused c) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return c.module.forward(m.x);
        }
    }

    @Benchmark
    public INDArray nd4jDirect(Nd4jModel n) {
        INDArray h = Transforms.relu(n.x.mmul(n.w[0]).addiRowVector(n.b[0]), false);
        h = Transforms.relu(h.mmul(n.w[1]).addiRowVector(n.b[1]), false);
        return h.mmul(n.w[2]).addiRowVector(n.b[2]);
    }

    // ---- training ---------------------------------------------------------------------------

    @Benchmark
    public Tensor eagerForwardBackward(Model m) {
        m.mlp.zeroGrad();
        Tensor loss = F.mseLoss(m.mlp.forward(m.x), m.target);
        loss.backward();
        return loss;
    }

    /** The compiled forward as it runs when gradients are wanted (it also saves what the backward needs). */
    @Benchmark
    public Tensor scriptedForwardGrad(Model m, ScriptedFused c) {
        return F.mseLoss(c.module.forward(m.x), m.target);
    }

    @Benchmark
    public Tensor scriptedForwardBackward(Model m, ScriptedFused c) {
        c.zeroGrad();
        Tensor loss = F.mseLoss(c.module.forward(m.x), m.target);
        loss.backward();
        return loss;
    }

    @Benchmark
    public Tensor tracedForwardBackward(Model m, Traced c) {
        c.zeroGrad();
        Tensor loss = F.mseLoss(c.module.forward(m.x), m.target);
        loss.backward();
        return loss;
    }
}
