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

import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Eager elementwise ops on large float32 tensors, one op per call through {@link Tensor} (fresh
 * result, as PyTorch eager allocates one): exp, gelu, tanh, sigmoid, a binary add, the 6-op chain
 * of FusedChainBench op by op, and {@code copy}, a fresh copy of the same bytes (the floor an
 * allocating unary op can reach). bench/pytorch/bench.py times the same calls in PyTorch eager
 * (group "eager"); bench/run-all.sh runs both at 1 and 2 threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class EagerOpsBench {
    @Param({"exp", "gelu", "tanh", "sigmoid", "add", "chain6", "copy"})
    public String op;

    @Param({"4096", "1048576"})
    public int size;

    private Tensor x;
    private Tensor w;
    private Tensor b;

    @Setup(Level.Trial)
    public void setUp() {
        Tensors.manualSeed(0);
        x = Tensors.randn(size);
        w = Tensors.randn(size);
        b = Tensors.randn(size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName() + " op=" + op + " size=" + size);
    }

    @Benchmark
    public Object eager() {
        switch (op) {
            case "exp": return x.exp();
            case "gelu": return x.gelu();
            case "tanh": return x.tanh();
            case "sigmoid": return x.sigmoid();
            case "add": return x.add(w);
            case "chain6": return x.mul(w).add(b).tanh().mul(0.5).add(x).sigmoid();
            case "copy": return copy(x.array());
            default: throw new IllegalArgumentException(op);
        }
    }

    private static NdArray copy(NdArray a) {
        return a.copy();
    }
}
