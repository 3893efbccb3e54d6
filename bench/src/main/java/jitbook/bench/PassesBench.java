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

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.passes.GraphExecutor;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * What the optimizer buys: a small MLP forward (128-256-256-10, batch 1 and 64) and an RNN cell
 * loop (50 steps, hidden 64, batch 1), each three ways in one run: eager ops, the scripted graph
 * interpreted as recorded (no passes), and the scripted graph through the optimizing executor
 * (specialized to the input signature: shapes propagated, algebra simplified, elementwise
 * chains fused). The scripted graphs take the weights as inputs, so nothing is folded away that
 * a real model would not let fold.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector", "-Dorg.bytedeco.javacpp.maxbytes=2g",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"})
public class PassesBench {
    static final String MLP = String.join("\n",
            "graph(%x : Tensor, %w1 : Tensor, %b1 : Tensor, %w2 : Tensor, %b2 : Tensor, %w3 : Tensor, %b3 : Tensor):",
            "  %one : int = prim::Constant[value=1]()",
            "  %h1 : Tensor = tensor::matmul(%x, %w1)",
            "  %a1 : Tensor = tensor::add(%h1, %b1)",
            "  %r1 : Tensor = tensor::relu(%a1)",
            "  %h2 : Tensor = tensor::matmul(%r1, %w2)",
            "  %a2 : Tensor = tensor::add(%h2, %b2)",
            "  %s2 : Tensor = tensor::mul(%a2, %one)",
            "  %r2 : Tensor = tensor::relu(%s2)",
            "  %h3 : Tensor = tensor::matmul(%r2, %w3)",
            "  %a3 : Tensor = tensor::add(%h3, %b3)",
            "  return (%a3)", "");

    static final String RNN = String.join("\n",
            "graph(%x : Tensor, %h0 : Tensor, %wx : Tensor, %wh : Tensor, %b : Tensor, %n : int):",
            "  %t : bool = prim::Constant[value=1]()",
            "  %h : Tensor = prim::Loop(%n, %t, %h0)",
            "    block0(%i : int, %h.1 : Tensor):",
            "      %a : Tensor = tensor::matmul(%x, %wx)",
            "      %c : Tensor = tensor::matmul(%h.1, %wh)",
            "      %d : Tensor = tensor::add(%a, %c)",
            "      %e : Tensor = tensor::add(%d, %b)",
            "      %h.2 : Tensor = tensor::tanh(%e)",
            "      -> (%t, %h.2)",
            "  return (%h)", "");

    @Param({"1", "64"})
    public int batch;

    private Tensor x;
    private Tensor w1;
    private Tensor b1;
    private Tensor w2;
    private Tensor b2;
    private Tensor w3;
    private Tensor b3;
    private Object[] mlpArgs;
    private Interpreter mlpPlain;
    private GraphExecutor mlpOptimized;

    private Tensor rx;
    private Tensor rh;
    private Tensor wx;
    private Tensor wh;
    private Tensor rb;
    private Object[] rnnArgs;
    private Interpreter rnnPlain;
    private GraphExecutor rnnOptimized;

    @Setup(Level.Trial)
    public void setUp() {
        Tensors.manualSeed(0);
        x = Tensors.randn(batch, 128);
        w1 = Tensors.randn(128, 256);
        b1 = Tensors.randn(256);
        w2 = Tensors.randn(256, 256);
        b2 = Tensors.randn(256);
        w3 = Tensors.randn(256, 10);
        b3 = Tensors.randn(10);
        mlpArgs = new Object[] {x.array(), w1.array(), b1.array(), w2.array(), b2.array(), w3.array(), b3.array()};
        Graph mlp = Jit.parseIr(MLP);
        mlpPlain = new Interpreter(mlp);
        mlpOptimized = new GraphExecutor(mlp, n -> null);
        rx = Tensors.randn(1, 64);
        rh = Tensors.randn(1, 64);
        wx = Tensors.randn(64, 64);
        wh = Tensors.randn(64, 64);
        rb = Tensors.randn(64);
        rnnArgs = new Object[] {rx.array(), rh.array(), wx.array(), wh.array(), rb.array(), 50};
        Graph rnn = Jit.parseIr(RNN);
        rnnPlain = new Interpreter(rnn);
        rnnOptimized = new GraphExecutor(rnn, n -> null);
        for (int i = 0; i < 3; i++) {
            mlpOptimized.run(mlpArgs);
            rnnOptimized.run(rnnArgs);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName() + " batch=" + batch);
    }

    @Benchmark
    public Tensor mlpEager() {
        Tensor h = x.matmul(w1).add(b1).relu();
        h = h.matmul(w2).add(b2).mul(1.0).relu();
        return h.matmul(w3).add(b3);
    }

    @Benchmark
    public Object mlpScriptedNoPasses() {
        return mlpPlain.run(mlpArgs)[0];
    }

    @Benchmark
    public Object mlpScriptedOptimized() {
        return mlpOptimized.run(mlpArgs)[0];
    }

    @Benchmark
    public Tensor rnnEager() {
        Tensor h = rh;
        for (int i = 0; i < 50; i++) h = rx.matmul(wx).add(h.matmul(wh)).add(rb).tanh();
        return h;
    }

    @Benchmark
    public Object rnnScriptedNoPasses() {
        return rnnPlain.run(rnnArgs)[0];
    }

    @Benchmark
    public Object rnnScriptedOptimized() {
        return rnnOptimized.run(rnnArgs)[0];
    }
}
