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

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.F;
import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Training steps of an MLP (32 -> 64 -> 64 -> 10, ReLU, mse loss, batch 32, float32): eager
 * against the compiled module (traced; its backward is the graph built by jitbook.autodiff and
 * run by the interpreter). For each: the forward alone as it runs when gradients are wanted
 * (eager records its autograd graph; compiled runs the forward graph that also saves what the
 * backward needs), and forward + backward. Backward cost = (forward+backward) - forward; the
 * goal is at most 3x the forward. The loss is computed eagerly on the compiled output in both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class AutodiffBench {
    /** Input features; the batch is 32 and the hidden layers 64 wide, so every matmul stays below the ND4J (BLAS) threshold. */
    @Param({"32"})
    public int in;

    private Sequential eager;
    private ScriptModule compiled;
    private Tensor x;
    private Tensor target;

    @Setup(Level.Trial)
    public void setUp() {
        Tensors.manualSeed(0);
        eager = new Sequential(new Linear(in, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 10));
        x = Tensors.randn(32, in);
        target = Tensors.randn(32, 10);
        compiled = Jit.trace(eager, x);
        // Build (and cache) the gradient graphs outside the measurement.
        try (GradMode.Scope s = GradMode.enabled()) {
            F.mseLoss(compiled.forward(x), target).backward();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName() + " in=" + in);
    }

    @Benchmark
    public Tensor eagerForward() {
        return F.mseLoss(eager.forward(x), target);
    }

    @Benchmark
    public Tensor eagerForwardBackward() {
        eager.zeroGrad();
        Tensor loss = F.mseLoss(eager.forward(x), target);
        loss.backward();
        return loss;
    }

    @Benchmark
    public Tensor scriptedForward() {
        return F.mseLoss(compiled.forward(x), target);
    }

    @Benchmark
    public Tensor scriptedForwardBackward() {
        eager.zeroGrad();
        Tensor loss = F.mseLoss(compiled.forward(x), target);
        loss.backward();
        return loss;
    }

    @Benchmark
    public Tensor scriptedForwardNoGrad() {
        try (GradMode.Scope s = GradMode.disabled()) {
            return F.mseLoss(compiled.forward(x), target);
        }
    }
}
