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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Eager elementwise chains, op by op with a new result each time, through our {@link Tensor}
 * beside the same chains written directly against ND4J (allocating {@code INDArray} ops and
 * {@link Transforms}): {@code tanh(x*w+b)*0.5+x} (5 ops) and
 * {@code sigmoid(tanh(x*w+b)*0.5+x)} (6 ops), at 64, 4096 and 1M floats.
 *
 * <p>The forked JVM's off-heap budget is bounded (JavaCPP's maxbytes/maxphysicalbytes) so that
 * ND4J's garbage, freed only by GC, cannot take the machine's memory; the peak resident set is
 * printed after each trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class ChainBench {
    @Param({"64", "4096", "1048576"})
    public int size;

    private Tensor x;
    private Tensor w;
    private Tensor b;
    private INDArray nx;
    private INDArray nw;
    private INDArray nb;

    @Setup(Level.Trial)
    public void setUp() {
        Tensors.manualSeed(0);
        x = Tensors.randn(size);
        w = Tensors.randn(size);
        b = Tensors.randn(size);
        nx = x.toINDArray().castTo(DataType.FLOAT);
        nw = w.toINDArray().castTo(DataType.FLOAT);
        nb = b.toINDArray().castTo(DataType.FLOAT);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName() + " size=" + size);
    }

    @Benchmark
    public Tensor jitbookTanhChain() {
        return x.mul(w).add(b).tanh().mul(0.5).add(x);
    }

    @Benchmark
    public INDArray nd4jTanhChain() {
        return Transforms.tanh(nx.mul(nw).add(nb), true).mul(0.5).add(nx);
    }

    @Benchmark
    public Tensor jitbookSigmoidChain() {
        return x.mul(w).add(b).tanh().mul(0.5).add(x).sigmoid();
    }

    @Benchmark
    public INDArray nd4jSigmoidChain() {
        return Transforms.sigmoid(Transforms.tanh(nx.mul(nw).add(nb), true).mul(0.5).add(nx), true);
    }
}
