package jitbook.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import jitbook.jit.Jit;

/** Script compile time of a 50-line function (parse with javac's front end, type, lower to IR), after warm-up. Goal: under 100 ms. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ScriptCompileBench {
    static final String FIFTY_LINES = String.join("\n",
            "static Tensor f(Tensor x, Tensor w, int steps, double lr) {",
            "    Tensor h = x.matmul(w);",
            "    double total = 0.0;",
            "    int hits = 0;",
            "    List<Tensor> history = new ArrayList<>();",
            "    for (int i = 0; i < steps; i++) {",
            "        Tensor g = h.tanh().mul(lr);",
            "        if (g.sum().item() > 0) {",
            "            h = h.sub(g);",
            "            hits++;",
            "        } else {",
            "            h = h.add(g.mul(0.5));",
            "        }",
            "        total += h.mean().item();",
            "        history.add(h);",
            "        if (total > 1000) {",
            "            break;",
            "        }",
            "    }",
            "    int k = 0;",
            "    while (k < history.size()) {",
            "        Tensor t = history.get(k);",
            "        if (k % 2 == 0) {",
            "            h = h.add(t.mul(0.1));",
            "        } else {",
            "            h = h.sub(t.mul(0.05));",
            "        }",
            "        k++;",
            "    }",
            "    Map<String, Double> stats = new LinkedHashMap<>();",
            "    stats.put(\"total\", total);",
            "    stats.put(\"hits\", (double) hits);",
            "    double scale = stats.get(\"hits\") > 3 ? 2.0 : 1.0;",
            "    switch (hits % 3) {",
            "        case 0:",
            "            h = h.relu();",
            "            break;",
            "        case 1:",
            "            h = h.sigmoid();",
            "            break;",
            "        default:",
            "            h = h.tanh();",
            "    }",
            "    Tensor out = h.mul(scale);",
            "    assert steps >= 0 : \"steps must be non-negative\";",
            "    if (out.max().item() > 1e6) {",
            "        throw new IllegalStateException(\"diverged\");",
            "    }",
            "    return out.softmax(1);",
            "}");

    @TearDown(Level.Trial)
    public void tearDown() {
        PeakMemory.report(getClass().getSimpleName());
    }

    @Benchmark
    public Object compileFiftyLineFunction() {
        return Jit.script(FIFTY_LINES).graph();
    }
}
