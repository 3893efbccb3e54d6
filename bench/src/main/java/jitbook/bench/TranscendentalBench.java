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
import jitbook.exec.fuse.VectorMath;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * A fused chain of transcendentals, {@code exp(sin(x*w)) + cos(x)} on float32, the case where the
 * Vector API pays (C2 does not vectorize calls of {@code Math.exp/sin/cos}): the same traced
 * function in a JVM with {@code --add-modules jdk.incubator.vector -Djitbook.vectorMath=true}
 * ({@code fusedVectorApi}, the kernel calls {@link VectorMath}) and in one without ({@code fusedScalar}, scalar calls per
 * element), beside our eager ops and the chain written against ND4J (the baseline).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class TranscendentalBench {

    @Param({"4096", "1048576"})
    public int size;

    private Tensor x;
    private Tensor w;
    private INDArray nx;
    private INDArray nw;
    private ScriptFunction fn;

    @Setup(Level.Trial)
    public void setUp() {
        Tensors.manualSeed(0);
        x = Tensors.randn(size);
        w = Tensors.randn(size);
        nx = x.toINDArray().castTo(DataType.FLOAT);
        nw = w.toINDArray().castTo(DataType.FLOAT);
        fn = Jit.trace((p, q) -> p.mul(q).sin().exp().add(p.cos()), x, w);
        long before = FusedGroup.fusedCalls();
        for (int i = 0; i < 3; i++) fn.call(x, w);
        if (FusedGroup.fusedCalls() == before) throw new IllegalStateException("the chain did not run fused");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName() + " size=" + size);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=3g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g", "--add-modules=jdk.incubator.vector", "-Djitbook.vectorMath=true"})
    public Object fusedVectorApi() {
        if (!VectorMath.active()) throw new IllegalStateException(VectorMath.describe());
        return fn.call(x, w);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=3g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g"})
    public Object fusedScalar() {
        return fn.call(x, w);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=3g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g"})
    public Tensor eager() {
        return x.mul(w).sin().exp().add(x.cos());
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Dorg.bytedeco.javacpp.maxbytes=3g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g"})
    public INDArray nd4jChain() {
        return Transforms.exp(Transforms.sin(nx.mul(nw), false), false).add(Transforms.cos(nx, true));
    }
}
