package jitbook.magics.timing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import jitbook.magics.Handoff;

/**
 * Timing loops that run inside the session's snippets (code the magics generate calls these),
 * so what is timed runs on the snippet's thread exactly as the user's code would.
 */
public final class Timing {
    private Timing() {
    }

    /** Code that produces a value. */
    @FunctionalInterface
    public interface Body {
        Object run() throws Throwable;
    }

    /** Code run for its effect. */
    @FunctionalInterface
    public interface VoidBody {
        void run() throws Throwable;
    }

    /** What {@link #time} measured. */
    public record Elapsed(long wallNanos, long cpuNanos) {}

    /** IPython's {@code %timeit} result: loops per run, runs, and the per-loop time of each run. */
    public record TimeitResult(int loops, int repeat, Stats perLoop) {
        @Override
        public String toString() {
            return Stats.format(perLoop.mean()) + " ± " + Stats.format(perLoop.std()) + " per loop (mean ± std. dev. of "
                    + repeat + " run" + (repeat == 1 ? "" : "s") + ", " + loops + " loop" + (loops == 1 ? "" : "s") + " each)";
        }
    }

    /** Eager versus compiled runs of the same computation. */
    public record Comparison(Stats eager, Stats compiled) {
        public double speedup() {
            return eager.median() / compiled.median();
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpu() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Runs {@code body} once, leaves wall and CPU time under {@code key}, and returns its value. */
    public static Object time(String key, Body body) throws Throwable {
        long c0 = cpu();
        long t0 = System.nanoTime();
        try {
            return body.run();
        } finally {
            long wall = System.nanoTime() - t0;
            long c1 = cpu();
            Handoff.put(key, new Elapsed(wall, c0 < 0 || c1 < 0 ? -1 : c1 - c0));
        }
    }

    public static void timeVoid(String key, VoidBody body) throws Throwable {
        time(key, () -> {
            body.run();
            return null;
        });
    }

    /**
     * As IPython's {@code %timeit}: with {@code loops <= 0}, tries 1, 2, 5, 10, 20, 50 ... loops
     * until one run takes at least 0.2 s; then times {@code repeat} runs of that many loops.
     */
    public static TimeitResult timeit(VoidBody body, int loops, int repeat) throws Throwable {
        int n = loops;
        if (n <= 0) {
            n = 1;
            int[] steps = {1, 2, 5};
            outer:
            for (long scale = 1; scale <= 100_000_000L; scale *= 10) {
                for (int s : steps) {
                    n = (int) Math.min(Integer.MAX_VALUE, s * scale);
                    if (loop(body, n) >= 0.2e9) break outer;
                }
            }
        }
        double[] perLoop = new double[repeat];
        for (int r = 0; r < repeat; r++) perLoop[r] = loop(body, n) / (double) n;
        return new TimeitResult(n, repeat, new Stats(perLoop));
    }

    public static TimeitResult timeitValue(Body body, int loops, int repeat) throws Throwable {
        return timeit(body::run, loops, repeat);
    }

    private static long loop(VoidBody body, int n) throws Throwable {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) body.run();
        return System.nanoTime() - t0;
    }

    /**
     * Samples single calls: exactly {@code runs} of them, or with {@code runs <= 0} as many as
     * fit in about {@code budgetNanos} (at least 5, at most 1000), after three warm-up calls.
     */
    public static Stats sample(Body body, int runs, long budgetNanos) throws Throwable {
        // Warm-up: the compiled side's executor profiles two calls, then specializes on the third.
        for (int i = 0; i < 3; i++) body.run();
        int max = runs > 0 ? runs : 1000;
        double[] s = new double[max];
        long start = System.nanoTime();
        int n = 0;
        while (n < max) {
            long t0 = System.nanoTime();
            body.run();
            s[n++] = System.nanoTime() - t0;
            if (runs <= 0 && n >= 5 && System.nanoTime() - start > budgetNanos) break;
        }
        return new Stats(java.util.Arrays.copyOf(s, n));
    }

    /** Times an eager and a compiled version of one computation, and leaves the comparison under {@code key}. */
    public static Comparison compare(String key, Body eager, Body compiled, int runs) throws Throwable {
        Comparison c = new Comparison(sample(eager, runs, 300_000_000L), sample(compiled, runs, 300_000_000L));
        Handoff.put(key, c);
        return c;
    }
}
