package jitbook.ops;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Splits {@code [0, n)} into chunks run on the common fork/join pool, the calling thread taking
 * chunks too (so a busy pool never leaves the caller waiting on work it could do). Chunks are
 * handed out one at a time, which balances uneven cores; a stop check between chunks lets a
 * caller's interrupt end the work early. Used by fused kernels and the linear row kernel.
 */
public final class ParallelChunks {
    private ParallelChunks() {
    }

    /**
     * Threads a parallel kernel uses, the caller's included: {@code -Djitbook.threads=N} when set
     * (benchmarks compare at 1 and 2 threads; at most the pool can give), else the common pool's parallelism + 1. Native BLAS
     * calls run this many threads too.
     */
    public static int threads() {
        return THREADS;
    }

    private static final int THREADS = threadsFromProperty();

    private static int threadsFromProperty() {
        int dflt = ForkJoinPool.getCommonPoolParallelism() + 1;
        String v = System.getProperty("jitbook.threads");
        if (v == null || v.isBlank()) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) return Math.min(n, dflt);
        } catch (NumberFormatException e) {
            // fall through to the warning
        }
        System.err.println("jitbook: ignoring -Djitbook.threads=" + v + " (expected a positive integer); using " + dflt);
        return dflt;
    }

    /** The work on one chunk, {@code [lo, hi)}. */
    public interface Body {
        void run(int lo, int hi);
    }

    /** Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} elements; no new chunk starts once {@code stop} answers true. */
    public static void run(int n, int chunk, Body body, BooleanSupplier stop) {
        int chunks = (n + chunk - 1) / chunk;
        int helpers = Math.min(THREADS - 1, chunks - 1);
        if (helpers < 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                if (stop.getAsBoolean()) {
                    next.set(chunks);
                    return;
                }
                int lo = c * chunk;
                body.run(lo, Math.min(n, lo + chunk));
            }
        };
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[helpers];
        for (int i = 0; i < helpers; i++) tasks[i] = ForkJoinPool.commonPool().submit(work);
        try {
            work.run();
        } finally {
            next.set(chunks); // if the caller's share threw, helpers take no new chunk
            for (ForkJoinTask<?> t : tasks) t.join();
        }
    }
}
