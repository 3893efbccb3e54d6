package jitbook.kernel;

import java.util.Arrays;
import jdk.jshell.JShell;
import jitbook.kernel.eval.DefaultImports;
import jitbook.kernel.eval.JShellEvaluator;

/**
 * Measures in-process {@code JShell.eval("1+1")} (plain local engine) and the kernel's
 * {@link JShellEvaluator#execute} of the same cell, for comparison with the Jupyter round trip
 * measured by {@code kernel/src/test/python/latency.py}. Prints one JSON object.
 * Usage: {@code java -cp <kernel class path> jitbook.kernel.JShellBench [warmup] [n]}.
 */
public final class JShellBench {
    private JShellBench() {}

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        double plain;
        try (JShell js = JShell.builder().executionEngine("local").build()) {
            plain = median(warmup, n, () -> js.eval("1+1"));
        }
        double evaluator;
        try (JShellEvaluator ev = JShellEvaluator.start(DefaultImports.forClasspath())) {
            evaluator = median(warmup, n, () -> ev.execute("1+1", 1));
        }
        System.out.println(String.format(java.util.Locale.ROOT,
                "{\"jshell_eval_ms\": %.3f, \"evaluator_ms\": %.3f, \"warmup\": %d, \"n\": %d, \"java\": \"%s\"}",
                plain, evaluator, warmup, n, System.getProperty("java.version")));
        System.exit(0);
    }

    private static double median(int warmup, int n, Runnable r) {
        for (int i = 0; i < warmup; i++) r.run();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[n / 2];
    }

}
