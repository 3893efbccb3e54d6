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

    /** The work on one chunk, {@code [lo, hi)}. */
    public interface Body {
        void run(int lo, int hi);
    }

    /** Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} elements; no new chunk starts once {@code stop} answers true. */
    public static void run(int n, int chunk, Body body, BooleanSupplier stop) {
        int chunks = (n + chunk - 1) / chunk;
        int helpers = Math.min(ForkJoinPool.getCommonPoolParallelism(), chunks - 1);
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
