package jitbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Loading a saved module with 1,001,000 parameters (a 1000x1000 linear layer and its bias,
 * 4 MB of float32) and calling it: {@code load} is {@code Jit.load} alone (zip, SHA-256 of every
 * entry, .npy decoding, IR parsing and verification); {@code loadAndFirstCall} adds the first
 * forward on the fresh module (plan building, and the optimizer once it runs on first call);
 * {@code warmCall} is a later forward of an already loaded module, the baseline. The
 * {@code Cold} variants measure one load and first call in a fresh JVM per fork (class loading
 * and JIT warm-up included): what a service's start-up pays.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SaveLoadBench {
    static final String FORWARD = String.join("\n",
            "graph(%self : __jit__.Dense, %x : Float(1, 1000)):",
            "  %w : Float(1000, 1000) = prim::GetAttr[name=\"weight\"](%self)",
            "  %b : Float(1000) = prim::GetAttr[name=\"bias\"](%self)",
            "  %h : Tensor = tensor::linear(%x, %w, %b)",
            "  %y : Tensor = tensor::tanh(%h)",
            "  return (%y)",
            "");

    /** A saved 1M-parameter module; nothing loaded yet. */
    @State(Scope.Benchmark)
    public static class Saved {
        Path file;
        Tensor x;

        @Setup(Level.Trial)
        public void save() throws IOException {
            Tensors.manualSeed(0);
            ScriptModule m = new ScriptModule("Dense");
            m.register("weight", Tensors.randn(1000, 1000).mul(0.03).requiresGrad(true));
            m.register("bias", Tensors.randn(1000).requiresGrad(true));
            m.addMethod("forward", Jit.parseIr(FORWARD));
            file = Files.createTempFile("dense-1m-", ".jbm");
            Jit.save(m, file);
            x = Tensors.randn(1, 1000);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(file);
            PeakMemory.report(SaveLoadBench.class.getSimpleName());
        }
    }

    /** The same, loaded and called once. */
    @State(Scope.Benchmark)
    public static class Loaded {
        ScriptModule module;

        @Setup(Level.Trial)
        public void load(Saved s) throws IOException {
            module = Jit.load(s.file);
            module.forward(s.x);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public ScriptModule load(Saved s) throws IOException {
        return Jit.load(s.file);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public Tensor loadAndFirstCall(Saved s) throws IOException {
        return Jit.load(s.file).forward(s.x);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Fork(value = 1, jvmArgsAppend = "-Xmx2g")
    public Tensor warmCall(Saved s, Loaded l) {
        return l.module.forward(s.x);
    }

    /** One load in a fresh JVM per fork (the module was built and saved in that JVM first, so IR classes are loaded). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(value = 5, jvmArgsAppend = "-Xmx2g")
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public ScriptModule coldLoad(Saved s) throws IOException {
        return Jit.load(s.file);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(value = 5, jvmArgsAppend = "-Xmx2g")
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public Tensor coldLoadAndFirstCall(Saved s) throws IOException {
        return Jit.load(s.file).forward(s.x);
    }
}
