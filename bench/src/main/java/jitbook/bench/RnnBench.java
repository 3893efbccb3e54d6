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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import jitbook.exec.fuse.FusedGroup;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.passes.GraphExecutor;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;
import jitbook.trace.TraceOptions;

/**
 * The classic TorchScript win: an RNN cell loop at PyTorch's reference configuration, 50 steps,
 * hidden 64, batch 1, {@code h = tanh(x @ Wih^T + h @ Whh^T + b)}, float32, inference. PyTorch
 * (measured elsewhere on the same kind of machine): 675 us eager, 300 us TorchScript.
 *
 * <p>The weights are passed already transposed ([in, hidden]): PyTorch's {@code W.t()} is a
 * view that BLAS reads with a transpose flag, while our {@code t()} materializes a copy, so
 * transposing inside the loop would time 100 copies that PyTorch never makes. The step count is
 * an argument, so the scripted loop stays a loop (as in TorchScript); tracing unrolls it.
 *
 * <p>Variants: eager ops; the scripted function without passes; scripted, optimized, fusion off;
 * scripted with everything (the two adds and the tanh of each step fused); traced (50 unrolled
 * steps, optimized and fused); and the same loop written directly against ND4J.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class RnnBench {
    static final int STEPS = 50;
    static final int HIDDEN = 64;

    static final String SOURCE = String.join("\n",
            "Tensor rnn(Tensor x, Tensor h, Tensor wih, Tensor whh, Tensor b, int steps) {",
            "    for (int i = 0; i < steps; i++) {",
            "        h = x.matmul(wih).add(h.matmul(whh)).add(b).tanh();",
            "    }",
            "    return h;",
            "}");

    @State(Scope.Thread)
    public static class Cell {
        Tensor x;
        Tensor h0;
        Tensor wih;
        Tensor whh;
        Tensor b;

        @Setup(Level.Trial)
        public void setUp() {
            Tensors.manualSeed(0);
            double bound = 1 / Math.sqrt(HIDDEN);
            x = Tensors.randn(1, HIDDEN);
            h0 = Tensors.zeros(1, HIDDEN);
            wih = Tensors.rand(HIDDEN, HIDDEN).mul(2 * bound).sub(bound);
            whh = Tensors.rand(HIDDEN, HIDDEN).mul(2 * bound).sub(bound);
            b = Tensors.rand(HIDDEN).mul(2 * bound).sub(bound);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            PeakMemory.report("RnnBench");
        }
    }

    abstract static class Compiled {
        ScriptFunction fn;

        void build(Cell c, boolean optimize, boolean fuse, boolean traced) {
            GraphExecutor.setEnabled(optimize);
            FusedGroup.setEnabled(fuse);
            fn = traced
                    ? Jit.traceArray(in -> loop(in[0], in[1], in[2], in[3], in[4]), TraceOptions.defaults(), c.x, c.h0, c.wih, c.whh, c.b)
                    : Jit.script(SOURCE);
            for (int i = 0; i < 5; i++) call(c);
        }

        Object call(Cell c) {
            return fn instanceof ScriptFunction && fn.inputTypes().size() == 6
                    ? fn.call(c.x, c.h0, c.wih, c.whh, c.b, STEPS)
                    : fn.call(c.x, c.h0, c.wih, c.whh, c.b);
        }
    }

    @State(Scope.Thread)
    public static class ScriptedNoPasses extends Compiled {
        @Setup(Level.Trial)
        public void setUp(Cell c) {
            build(c, false, false, false);
        }
    }

    @State(Scope.Thread)
    public static class ScriptedUnfused extends Compiled {
        @Setup(Level.Trial)
        public void setUp(Cell c) {
            build(c, true, false, false);
        }
    }

    @State(Scope.Thread)
    public static class ScriptedFused extends Compiled {
        @Setup(Level.Trial)
        public void setUp(Cell c) {
            long before = FusedGroup.fusedCalls();
            build(c, true, true, false);
            if (FusedGroup.fusedCalls() == before) throw new IllegalStateException("no fused kernel ran");
        }
    }

    @State(Scope.Thread)
    public static class Traced extends Compiled {
        @Setup(Level.Trial)
        public void setUp(Cell c) {
            build(c, true, true, true);
        }
    }

    @State(Scope.Thread)
    public static class Nd4jCell {
        INDArray x;
        INDArray h0;
        INDArray wih;
        INDArray whh;
        INDArray b;

        @Setup(Level.Trial)
        public void setUp(Cell c) {
            x = c.x.toINDArray().castTo(DataType.FLOAT);
            h0 = c.h0.toINDArray().castTo(DataType.FLOAT);
            wih = c.wih.toINDArray().castTo(DataType.FLOAT);
            whh = c.whh.toINDArray().castTo(DataType.FLOAT);
            b = c.b.toINDArray().castTo(DataType.FLOAT).reshape(1, -1);
        }
    }

    static Tensor loop(Tensor x, Tensor h, Tensor wih, Tensor whh, Tensor b) {
        for (int i = 0; i < STEPS; i++) h = x.matmul(wih).add(h.matmul(whh)).add(b).tanh();
        return h;
    }

    @Benchmark
    public Tensor eager(Cell c) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return loop(c.x, c.h0, c.wih, c.whh, c.b);
        }
    }

    @Benchmark
    public Object scriptedNoPasses(Cell c, ScriptedNoPasses s) {
        return s.call(c);
    }

    @Benchmark
    public Object scriptedUnfused(Cell c, ScriptedUnfused s) {
        return s.call(c);
    }

    @Benchmark
    public Object scriptedFused(Cell c, ScriptedFused s) {
        return s.call(c);
    }

    @Benchmark
    public Object traced(Cell c, Traced s) {
        return s.call(c);
    }

    /** ND4J called directly: allocating products, the adds and tanh in place. */
    @Benchmark
    public INDArray nd4jDirect(Nd4jCell n) {
        INDArray h = n.h0;
        for (int i = 0; i < STEPS; i++) {
            h = Transforms.tanh(n.x.mmul(n.wih).addi(h.mmul(n.whh)).addiRowVector(n.b), false);
        }
        return h;
    }
}
