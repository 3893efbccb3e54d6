package jitbook.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import jitbook.exec.fuse.FusedGroup;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * A matmul-bound layer, {@code relu(x @ W + b)} with x [256, 1024] and W [1024, 1024] (0.54
 * GFLOP a call), float32: BLAS does the work, so eager and compiled should match ND4J called
 * directly within a few percent. Rows: our eager ops; the scripted function (optimized, bias-add
 * + ReLU fused); ND4J directly as a Java user would write it (allocating {@code mmul}, bias and
 * ReLU in place); ND4J into a preallocated output ({@code mmul(w, out)}); and the bare sgemm
 * into a preallocated output, the floor for this shape.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class MatmulBench {
    static final int BATCH = 256;
    static final int IN = 1024;
    static final int OUT = 1024;

    private Tensor x;
    private Tensor w;
    private Tensor b;
    private ScriptFunction scripted;
    private INDArray nx;
    private INDArray nw;
    private INDArray nb;
    private INDArray nout;

    @Setup(Level.Trial)
    public void setUp() {
        Tensors.manualSeed(0);
        x = Tensors.randn(BATCH, IN);
        w = Tensors.randn(IN, OUT).mul(1 / Math.sqrt(IN));
        b = Tensors.randn(OUT);
        scripted = Jit.script("Tensor layer(Tensor x, Tensor w, Tensor b) { return x.matmul(w).add(b).relu(); }");
        long before = FusedGroup.fusedCalls();
        for (int i = 0; i < 5; i++) scripted.call(x, w, b);
        if (FusedGroup.fusedCalls() == before) throw new IllegalStateException("no fused kernel ran");
        nx = x.toINDArray().castTo(DataType.FLOAT);
        nw = w.toINDArray().castTo(DataType.FLOAT);
        nb = b.toINDArray().castTo(DataType.FLOAT).reshape(1, -1);
        nout = Nd4j.create(DataType.FLOAT, BATCH, OUT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName());
    }

    @Benchmark
    public Tensor eager() {
        try (GradMode.Scope s = GradMode.disabled()) {
            return x.matmul(w).add(b).relu();
        }
    }

    @Benchmark
    public Object scriptedFused() {
        return scripted.call(x, w, b);
    }

    @Benchmark
    public INDArray nd4jDirect() {
        return Transforms.relu(nx.mmul(nw).addiRowVector(nb), false);
    }

    @Benchmark
    public INDArray nd4jPreallocated() {
        return Transforms.relu(nx.mmul(nw, nout).addiRowVector(nb), false);
    }

    @Benchmark
    public INDArray nd4jGemmOnly() {
        return nx.mmul(nw, nout);
    }
}
