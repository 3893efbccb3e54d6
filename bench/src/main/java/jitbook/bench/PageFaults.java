package jitbook.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Does a fused call on a large tensor pay page faults? Runs the 6-op chain on 16M floats, first with
 * a fresh output per call ({@code call}), then into one reused output ({@code callInto}), and
 * prints the process's minor page faults (Linux {@code /proc/self/stat}) and wall time per call
 * for each. Not a JMH benchmark: a count, with times for orientation only.
 *
 * <pre>java -Xmx3g -cp bench/target/benchmarks.jar jitbook.bench.PageFaults [elements] [calls]</pre>
 */
public final class PageFaults {
    private PageFaults() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 24;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Tensors.manualSeed(0);
        Tensor x = Tensors.randn(n);
        Tensor w = Tensors.randn(n);
        Tensor b = Tensors.randn(n);
        ScriptFunction fn = Jit.trace((p, q, r) -> p.mul(q).add(r).tanh().mul(0.5).add(p).sigmoid(), x, w, b);
        Tensor out = Tensors.zeros(n);
        for (int i = 0; i < 20; i++) {
            fn.call(x, w, b);
            fn.callInto(out, x, w, b);
        }
        for (int round = 0; round < 3; round++) {
            long f0 = minorFaults();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) fn.call(x, w, b);
            long f1 = minorFaults();
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) fn.callInto(out, x, w, b);
            long f2 = minorFaults();
            long t2 = System.nanoTime();
            System.out.printf("%d floats: call %.0f faults, %.2f ms a call; callInto %.0f faults, %.2f ms a call%n", n,
                    (double) (f1 - f0) / calls, (t1 - t0) / 1e6 / calls, (double) (f2 - f1) / calls, (t2 - t1) / 1e6 / calls);
        }
    }

    /** Field 10 of /proc/self/stat: minor faults of the whole process (all threads). */
    static long minorFaults() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);
    }
}
