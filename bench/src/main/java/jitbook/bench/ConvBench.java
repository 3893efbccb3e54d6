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

import jitbook.nn.F;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The conv2d sweep, float32, 3x3 kernels with padding 1 and stride 1: the benchmark CNN's two
 * layers at batch 32 and 64 ({@code c1b32}: 1 -> 16 channels on 28x28; {@code c2b32}: 16 -> 32 on
 * 14x14) and a wider layer ({@code c64b8}: 64 -> 64 on 28x28, batch 8). {@code forward} runs
 * conv2d under no-grad; {@code forwardBackward} conv2d with input and weight requiring grad,
 * then backward from a fixed output gradient (both adjoints and the bias sum). Same workloads in
 * bench/pytorch/bench.py.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class ConvBench {
    @Param({"c1b32", "c2b32", "c1b64", "c2b64", "c64b8"})
    public String layer;

    Tensor x;
    Tensor w;
    Tensor b;
    Tensor gy;

    /** batch, in channels, out channels, size for a layer name. */
    static int[] dims(String layer) {
        switch (layer) {
            case "c1b32": return new int[] {32, 1, 16, 28};
            case "c2b32": return new int[] {32, 16, 32, 14};
            case "c1b64": return new int[] {64, 1, 16, 28};
            case "c2b64": return new int[] {64, 16, 32, 14};
            case "c64b8": return new int[] {8, 64, 64, 28};
            default: throw new IllegalArgumentException(layer);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        SteadyState.await();
        int[] d = dims(layer);
        Tensors.manualSeed(0);
        x = Tensors.randn(d[0], d[1], d[3], d[3]).requiresGrad(true);
        w = Tensors.randn(d[2], d[1], 3, 3).mul(0.1).detach().requiresGrad(true);
        b = Tensors.randn(d[2]).requiresGrad(true);
        gy = Tensors.randn(d[0], d[2], d[3], d[3]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report("ConvBench layer=" + layer);
    }

    @Benchmark
    public Tensor forward() {
        try (GradMode.Scope s = GradMode.disabled()) {
            return F.conv2d(x, w, b, 1, 1);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        w.zeroGrad();
        b.zeroGrad();
        Tensor y = F.conv2d(x, w, b, 1, 1);
        y.backward(gy);
        return w.grad();
    }
}
