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
import jitbook.jit.ScriptFunction;
import jitbook.ops.ParallelChunks;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The 6-op chain {@code sigmoid(tanh(x*w+b)*0.5+x)} on float32, four ways in one run:
 * <ul>
 *   <li>{@code fusedChain}: a traced {@link ScriptFunction} whose optimized graph holds one
 *       {@code prim::FusionGroup}, run by its generated kernel (executor, interpreter, a fresh
 *       output each call: what a user's call costs);</li>
 *   <li>{@code fusedChainInto}: the same function through {@link ScriptFunction#callInto}, writing
 *       into one preallocated output tensor (PyTorch's {@code out=}): no allocation, no zeroing
 *       pass, no garbage;</li>
 *   <li>{@code eagerChain}: the same chain op by op through our {@link Tensor};</li>
 *   <li>{@code nd4jChain}: written directly against ND4J ({@code INDArray} ops, {@link Transforms});</li>
 *   <li>{@code plainCopy}: {@code System.arraycopy} of x into a preallocated array, split in 64K
 *       chunks over the common pool like the fused kernel: the memory-bandwidth reference (it
 *       moves 8 bytes an element, the chain 16: three reads and a write).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=3g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g"})
public class FusedChainBench {
    @Param({"64", "4096", "1048576", "16777216"})
    public int size;

    private Tensor x;
    private Tensor w;
    private Tensor b;
    private INDArray nx;
    private INDArray nw;
    private INDArray nb;
    private ScriptFunction fn;
    private float[] src;
    private float[] dst;
    private Tensor out;

    @Setup(Level.Trial)
    public void setUp() {
        Tensors.manualSeed(0);
        x = Tensors.randn(size);
        w = Tensors.randn(size);
        b = Tensors.randn(size);
        nx = x.toINDArray().castTo(DataType.FLOAT);
        nw = w.toINDArray().castTo(DataType.FLOAT);
        nb = b.toINDArray().castTo(DataType.FLOAT);
        fn = Jit.trace((p, q, r) -> p.mul(q).add(r).tanh().mul(0.5).add(p).sigmoid(), x, w, b);
        long before = FusedGroup.fusedCalls();
        for (int i = 0; i < 3; i++) fn.call(x, w, b); // profile runs, then the specialized plan
        if (FusedGroup.fusedCalls() == before) throw new IllegalStateException("the chain did not run fused");
        out = Tensors.zeros(size);
        for (int i = 0; i < 3; i++) fn.callInto(out, x, w, b);
        src = x.array().floats();
        dst = new float[size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName() + " size=" + size);
    }

    @Benchmark
    public Object fusedChain() {
        return fn.call(x, w, b);
    }

    @Benchmark
    public Tensor fusedChainInto() {
        return fn.callInto(out, x, w, b);
    }

    @Benchmark
    public Tensor eagerChain() {
        return x.mul(w).add(b).tanh().mul(0.5).add(x).sigmoid();
    }

    @Benchmark
    public INDArray nd4jChain() {
        return Transforms.sigmoid(Transforms.tanh(nx.mul(nw).add(nb), true).mul(0.5).add(nx), true);
    }

    @Benchmark
    public float[] plainCopy() {
        // the same 64K chunks over the same pool as the fused kernel (one thread below 256K elements, as there)
        if (src.length < (1 << 18)) System.arraycopy(src, 0, dst, 0, src.length);
        else ParallelChunks.run(src.length, 1 << 16, (lo, hi) -> System.arraycopy(src, lo, dst, lo, hi - lo), () -> false);
        return dst;
    }
}
