package jitbook.ops;

/**
 * Decides when a Vector API kernel may take over from its scalar twin. Until C2 compiles it,
 * Vector API code runs as objects, ~1000x slower than compiled (the first products of a
 * notebook took seconds each on a loaded machine), so each such kernel has a scalar twin that
 * computes the same bits (same fused multiply-adds and additions in the same order: the route
 * never changes results) and runs fast in every tier. Calls run the twin until a daemon thread,
 * started when the kernel loads, has run both on probe products and measured the Vector API
 * kernel faster than the twin {@link #STREAK} times in a row; from then on calls run the Vector
 * API kernel.
 *
 * <p>The probes cycle through shapes that take every branch of the kernel (tails, accumulation,
 * loops entered and not), so that C2 compiles it without uncommon traps that a user's first
 * shape would hit and deoptimize. The thread stops after {@link #MAX_MILLIS} ms even if the
 * kernel never got faster (a JVM run with C2 off), leaving the twin in charge.
 */
final class VectorWarmup {
    /** Consecutive rounds in which the Vector API kernel must beat the twin. */
    static final int STREAK = 8;

    /** How long the thread keeps trying (a loaded 2-core machine took up to ~20 s to compile). */
    static final long MAX_MILLIS = 120_000;

    private final String name;
    private volatile boolean vectorFaster;
    private volatile long readyAfterNanos = -1;
    private volatile int rounds;

    private VectorWarmup(String name) {
        this.name = name;
    }

    /**
     * Starts timing {@code vector} against {@code twin} (each call computes one timed probe
     * product) with {@code variety} run between rounds (the other probe shapes, on the Vector
     * API kernel only).
     */
    static VectorWarmup start(String name, Runnable vector, Runnable twin, Runnable variety) {
        VectorWarmup w = new VectorWarmup(name);
        if ("false".equals(System.getProperty("jitbook.vectorWarmup"))) return w; // twin for good (tests of the twin)
        Thread t = new Thread(() -> w.run(vector, twin, variety), "jitbook-" + name + "-warmup");
        t.setDaemon(true);
        t.start();
        return w;
    }

    private void run(Runnable vector, Runnable twin, Runnable variety) {
        long t0 = System.nanoTime();
        int streak = 0;
        try {
            while (System.nanoTime() - t0 < MAX_MILLIS * 1_000_000L) {
                variety.run();
                long a = System.nanoTime();
                vector.run();
                long b = System.nanoTime();
                twin.run();
                long c = System.nanoTime();
                rounds++;
                streak = b - a < c - b ? streak + 1 : 0;
                if (streak >= STREAK) {
                    readyAfterNanos = System.nanoTime() - t0;
                    vectorFaster = true;
                    return;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // the twin stays in charge; nothing else depends on this thread
        }
    }

    /** Whether calls may run the Vector API kernel now (it measured faster than the twin). */
    boolean vectorReady() {
        return vectorFaster;
    }

    /** For reports: whether and when the kernel took over. */
    String describe() {
        long ns = readyAfterNanos;
        return ns < 0 ? name + ": scalar twin (Vector API kernel not yet faster after " + rounds + " rounds)"
                : name + ": Vector API kernel, faster than its twin after " + ns / 1_000_000 + " ms (" + rounds + " rounds)";
    }
}
