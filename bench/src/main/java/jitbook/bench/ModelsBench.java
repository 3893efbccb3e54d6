package jitbook.bench;

import java.util.concurrent.TimeUnit;

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

import jitbook.bench.models.Workload;
import jitbook.jit.ScriptModule;
import jitbook.optim.Adam;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;

/**
 * The four models of issue 21 (see {@link Workload}: CNN at batch 32 and 64, LSTM classifier,
 * Transformer encoder block, MLP), each four ways: eager forward (no-grad), eager training step
 * (zero grads, forward, loss, backward, Adam step), scripted forward ({@code Jit.script} of the
 * same module, no-grad) and scripted training step (the scripted module's forward under grad,
 * backward through its backward graph, Adam on its parameters). bench/run-all.sh runs this class
 * at {@code -Djitbook.threads=1} and {@code 2}, and bench/pytorch/bench.py the same workloads in
 * PyTorch with the same thread counts, alternating.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class ModelsBench {

    @State(Scope.Thread)
    public static class Eager {
        @Param({"cnn32", "cnn64", "lstm", "transformer", "mlp64"})
        public String model;

        Workload w;
        Adam adam;

        @Setup(Level.Trial)
        public void setUp() {
            w = Workload.of(model);
            adam = new Adam(w.model.parameters(), 1e-3);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            PeakMemory.report("ModelsBench model=" + model);
        }
    }

    /** The scripted twin, built only for the scripted benchmarks (scripting may not cover every model yet). */
    @State(Scope.Thread)
    public static class Scripted {
        ScriptModule module;
        Adam adam;

        @Setup(Level.Trial)
        public void setUp(Eager e) {
            module = e.w.script();
            adam = new Adam(module.parameters(), 1e-3);
            try (GradMode.Scope s = GradMode.disabled()) {
                for (int i = 0; i < 5; i++) module.forward(e.w.inputs); // profiling runs, then the specialized plan
            }
        }
    }

    @Benchmark
    public Tensor eagerForward(Eager e, SteadyState steady) {
        return e.w.inference();
    }

    @Benchmark
    public Tensor eagerTrainStep(Eager e, SteadyState steady) {
        return e.w.trainStep(e.adam);
    }

    @Benchmark
    public Tensor scriptedForward(Eager e, Scripted c, SteadyState steady) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return c.module.forward(e.w.inputs);
        }
    }

    @Benchmark
    public Tensor scriptedTrainStep(Eager e, Scripted c, SteadyState steady) {
        c.adam.zeroGrad();
        Tensor loss = e.w.loss(c.module.forward(e.w.inputs));
        loss.backward();
        c.adam.step();
        return loss;
    }
}
