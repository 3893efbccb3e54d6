package jitbook.bench;

import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
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

import jitbook.ops.Gemm;
import jitbook.ops.ParallelChunks;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The GEMM sweep, float32, over the sizes models use (rows 1 to 1024, inner dimensions 16 to
 * 4096, transposed operands, attention's batched products). A shape is {@code NxKxM} with an
 * optional {@code :nt} (B stored transposed, as linear's weight), {@code :tn} (A transposed, as
 * a weight gradient) or {@code :bB} (a batch of B products, as attention's heads).
 *
 * <p>Rows: {@code gemmInto}, Jitbook's {@link Gemm} into a preallocated heap output (whichever
 * route it takes at that size); {@code matmul}, the eager tensor op (allocating its result, as
 * torch.matmul does; plain products only); {@code openblasPreallocated}, OpenBLAS's
 * {@code cblas_sgemm} on preallocated native buffers with no copies, the target's floor.
 * OpenBLAS runs as many threads as {@code -Djitbook.threads} (run-all.sh: 1 and 2).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class GemmBench {
    @Param({"1x256x256", "8x64x64", "32x784x128", "64x128x256", "64x256x256", "64x16x64", "64x4096x64", "128x512x512",
        "256x1024x1024", "1024x1024x1024", "256x256x256:nt", "256x256x256:tn", "64x32x64:b32"})
    public String shape;

    int n;
    int k;
    int m;
    int batch = 1;
    boolean ta;
    boolean tb;
    float[] a;
    float[] b;
    float[] c;
    Tensor ta2;
    Tensor tb2;
    FloatPointer pa;
    FloatPointer pb;
    FloatPointer pc;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        SteadyState.await();
        String[] parts = shape.split(":");
        String[] d = parts[0].split("x");
        n = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        m = Integer.parseInt(d[2]);
        if (parts.length > 1) {
            ta = parts[1].equals("tn");
            tb = parts[1].equals("nt");
            if (parts[1].startsWith("b")) batch = Integer.parseInt(parts[1].substring(1));
        }
        java.util.Random rnd = new java.util.Random(0);
        a = new float[batch * n * k];
        b = new float[batch * k * m];
        c = new float[batch * n * m];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
        Tensors.manualSeed(0);
        ta2 = batch > 1 ? Tensors.randn(batch, n, k) : Tensors.randn(n, k);
        tb2 = batch > 1 ? Tensors.randn(batch, k, m) : Tensors.randn(k, m);
        openblas.blas_set_num_threads(ParallelChunks.threads());
        pa = new FloatPointer(a);
        pb = new FloatPointer(b);
        pc = new FloatPointer((long) c.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report("GemmBench shape=" + shape);
    }

    @Benchmark
    public float[] gemmInto() {
        for (int i = 0; i < batch; i++) {
            Gemm.sgemm(ta, tb, n, m, k, a, i * n * k, b, i * k * m, c, i * n * m, false, batch == 1);
        }
        return c;
    }

    @Benchmark
    public Tensor matmul() {
        if (ta || tb) return null; // the tensor op takes no transposed operands
        try (GradMode.Scope s = GradMode.disabled()) {
            return ta2.matmul(tb2);
        }
    }

    @Benchmark
    public FloatPointer openblasPreallocated() {
        for (int i = 0; i < batch; i++) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                    tb ? openblas.CblasTrans : openblas.CblasNoTrans, n, m, k, 1f, pa.position((long) i * n * k), ta ? n : k,
                    pb.position((long) i * k * m), tb ? k : m, 0f, pc.position((long) i * n * m), m);
        }
        return pc;
    }
}
