package jitbook.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import jitbook.tensor.Tensor;

/**
 * The first calls of a fresh JVM, as a notebook user meets them: each measurement is one eager
 * forward or one eager training step of one of {@link ModelsBench}'s models (its state, so
 * the same set-up), with no warm-up, in a new fork, so the JSON's raw data is the time of call
 * 1, 2, ... 40 (class loading, Janino-compiled kernels, the JIT's tiers). It shows whether the
 * Vector API kernels' warm-up (they run ~1000x slower until C2 compiles them) reaches the user:
 * docs/ARCHITECTURE.md, "Dense math".
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 40)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class ColdStartBench {

    @Benchmark
    public Tensor eagerForward(ModelsBench.Eager m) {
        return m.w.inference();
    }

    @Benchmark
    public Tensor eagerTrainStep(ModelsBench.Eager m) {
        return m.w.trainStep(m.adam);
    }
}
