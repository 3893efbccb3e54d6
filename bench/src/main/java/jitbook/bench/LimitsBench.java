package jitbook.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

import jitbook.ops.ParallelChunks;

/**
 * The machine's limits, measured in the same run as everything else: memory bandwidth (a 64 MB
 * float array copied into a preallocated one, on one thread and split in 64K-element chunks over
 * both cores, as the fused kernels split their work; a copy moves 8 bytes an element, counted as
 * read + write) and ND4J's best sgemm rate (square float32 products into a preallocated output,
 * 2n^3 flops a call, at n = 1024 and 2048).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class LimitsBench {
    static final int COPY_FLOATS = 1 << 24;
    private float[] src;
    private float[] dst;
    private INDArray a1;
    private INDArray b1;
    private INDArray c1;
    private INDArray a2;
    private INDArray b2;
    private INDArray c2;

    @Setup(Level.Trial)
    public void setUp() {
        src = new float[COPY_FLOATS];
        dst = new float[COPY_FLOATS];
        for (int i = 0; i < src.length; i++) src[i] = i;
        System.arraycopy(src, 0, dst, 0, src.length); // touch every page of the destination
        Nd4j.getRandom().setSeed(0);
        a1 = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        b1 = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        c1 = Nd4j.create(DataType.FLOAT, 1024, 1024);
        a2 = Nd4j.rand(DataType.FLOAT, 2048, 2048);
        b2 = Nd4j.rand(DataType.FLOAT, 2048, 2048);
        c2 = Nd4j.create(DataType.FLOAT, 2048, 2048);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName());
    }

    /** 64 MB copied on the calling thread. */
    @Benchmark
    public float[] copy64MbOneThread() {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }

    /** 64 MB copied in 64K-element chunks by the calling thread and the common pool (both cores). */
    @Benchmark
    public float[] copy64MbBothCores() {
        // the same chunking over the same pool as the fused kernels
        ParallelChunks.run(src.length, 1 << 16, (lo, hi) -> System.arraycopy(src, lo, dst, lo, hi - lo), () -> false);
        return dst;
    }

    @Benchmark
    public INDArray sgemm1024() {
        return a1.mmul(b1, c1);
    }

    @Benchmark
    public INDArray sgemm2048() {
        return a2.mmul(b2, c2);
    }
}
