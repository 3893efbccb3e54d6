package jitbook.bench;

import java.util.concurrent.TimeUnit;

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

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.ir.IrParser;
import jitbook.ops.DType;
import jitbook.ops.Kernel;
import jitbook.ops.NdArray;
import jitbook.ops.OpNames;
import jitbook.ops.OpRegistry;

/**
 * The interpreter's cost per node: a graph of 20 small (2x2) elementwise nodes run by the
 * interpreter, beside the same 20 registry kernels called directly in a Java loop. The
 * difference divided by 20 is the per-node overhead (the goal is at most 0.1 us).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class InterpreterBench {
    static final int NODES = 20;
    private static final String[] OPS = {OpNames.ADD, OpNames.MUL, OpNames.SUB, OpNames.MAXIMUM};

    private Interpreter interpreter;
    private Object[] args;
    private Kernel[] kernels;

    @Setup
    public void setUp() {
        StringBuilder ir = new StringBuilder("graph(%a : Float(2, 2), %b : Float(2, 2)):\n");
        String prev = "%a";
        kernels = new Kernel[NODES];
        for (int i = 0; i < NODES; i++) {
            String op = OPS[i % OPS.length];
            ir.append("  %v").append(i).append(" : Float(2, 2) = ").append(op).append('(').append(prev).append(", %b)\n");
            prev = "%v" + i;
            kernels[i] = OpRegistry.global().get(op).kernel();
        }
        ir.append("  return (").append(prev).append(")\n");
        Graph g = IrParser.parse(ir.toString());
        interpreter = new Interpreter(g);
        args = new Object[] {
            new NdArray(DType.FLOAT32, new long[] {2, 2}, new float[] {1, 2, 3, 4}),
            new NdArray(DType.FLOAT32, new long[] {2, 2}, new float[] {0.5f, 0.25f, 0.125f, 1})};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName());
    }

    /** The graph through the interpreter (plan built once, a fresh frame per call). */
    @Benchmark
    public Object interpreted() {
        return interpreter.run(args)[0];
    }

    /** The same 20 kernels called directly: what the interpreter adds is the difference. */
    @Benchmark
    public Object directKernels() {
        Object x = args[0];
        Object b = args[1];
        for (Kernel k : kernels) x = k.run(new Object[] {x, b});
        return x;
    }
}
