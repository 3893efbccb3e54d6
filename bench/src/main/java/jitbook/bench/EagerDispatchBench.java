package jitbook.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
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

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The fixed cost of one eager op: a 2x2 float add through {@code Tensor.add} (dispatcher,
 * registry kernel, result allocation), beside ND4J's allocating {@code a.add(b)}, ND4J with a
 * reused op, context and output array, and a plain Java loop over {@code float[4]} as the floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class EagerDispatchBench {
    private Tensor a;
    private Tensor b;
    private INDArray na;
    private INDArray nb;
    private INDArray nout;
    private AddOp reusedOp;
    private OpContext context;
    private final float[] fa = {1, 2, 3, 4};
    private final float[] fb = {5, 6, 7, 8};
    private final float[] fout = new float[4];

    @Setup(Level.Trial)
    public void setUp() {
        a = Tensors.tensor(new float[][] {{1, 2}, {3, 4}});
        b = Tensors.tensor(new float[][] {{5, 6}, {7, 8}});
        na = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'c');
        nb = Nd4j.create(new float[] {5, 6, 7, 8}, new long[] {2, 2}, 'c');
        nout = Nd4j.create(DataType.FLOAT, 2, 2);
        reusedOp = new AddOp(na, nb, nout);
        context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(na, nb);
        context.setOutputArrays(nout);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName());
    }

    @Benchmark
    public Tensor jitbookTensorAdd() {
        return a.add(b);
    }

    @Benchmark
    public INDArray nd4jAllocatingAdd() {
        return na.add(nb);
    }

    @Benchmark
    public INDArray nd4jReusedOpAndContext() {
        return Nd4j.getExecutioner().exec(reusedOp, context)[0];
    }

    @Benchmark
    public float[] plainJavaLoop() {
        for (int i = 0; i < 4; i++) fout[i] = fa[i] + fb[i];
        return fout;
    }
}
