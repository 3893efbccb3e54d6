package jitbook.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Services call one loaded module from many threads for hours: results must not depend on what
 * the other threads do, and memory must not grow with the number of calls (issue 13).
 *
 * <ul>
 *   <li>A module saved and loaded, called from 16 threads at once (with inputs of several shapes,
 *       so specialization to new shapes happens while other threads call), returns exactly the
 *       serial results: 2 seconds by default, a full minute with {@code -Djitbook.soak=true}.</li>
 *   <li>Eight threads tracing at once, their ops interleaved, each record a graph of their own ops
 *       only.</li>
 *   <li>A compiled function called 60,000 times (1,000,000 with {@code -Djitbook.soak=true}), with
 *       more input shapes than the executor specializes for and a BLAS-sized product every 150th
 *       call, keeps heap (after GC) and native memory (resident bytes less the committed heap, which
 *       is where ND4J's buffers live) flat: the second half of the calls may grow neither by more
 *       than a small bound. The numbers are printed and recorded in
 *       BENCHMARKS.md.</li>
 * </ul>
 * No timing is asserted.
 */
class LongRunningCallsTest {
    private static final boolean SOAK = Boolean.getBoolean("jitbook.soak");
    private static final int THREADS = 16;
    private static final long CONCURRENT_MILLIS = SOAK ? 60_000 : 2_000;
    private static final int CALLS = SOAK ? 1_000_000 : 60_000;

    @TempDir
    Path dir;

    /** Two layers, big enough that a batch of 32 goes through ND4J's BLAS (32*128*128 > 64^3). */
    static final class Net extends Module {
        final Linear fc1 = new Linear(128, 128);
        final Linear fc2 = new Linear(128, 16);

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).tanh()).sigmoid().add(x.sum(new long[] {1}, true).mul(0.01));
        }
    }

    static final String LOOP_SOURCE = String.join("\n",
            "Tensor grow(Tensor x, int n) {",
            "    Tensor y = x;",
            "    for (int i = 0; i < n; i++) {",
            "        if (y.abs().sum().item() > 1000) break;",
            "        y = y.mul(1.5).add(0.25).tanh().add(y);",
            "    }",
            "    return y;",
            "}");

    @Test
    void aLoadedModuleCalledFromSixteenThreadsReturnsTheSerialResults() throws Exception {
        Tensors.manualSeed(13);
        Net net = new Net();
        net.eval();
        Path file = dir.resolve("net.jbm");
        Jit.save(Jit.trace(net, Tensors.randn(32, 128)), file);
        Path loopFile = dir.resolve("grow.jbm");
        Jit.save(Jit.script(LOOP_SOURCE), loopFile);
        ScriptModule loaded = Jit.load(file);
        ScriptModule grow = Jit.load(loopFile);

        // Inputs of several shapes; serial results computed on a separately loaded copy, so that the
        // concurrent module starts cold and specializes while it is being called from all threads.
        ScriptModule serialNet = Jit.load(file);
        ScriptModule serialGrow = Jit.load(loopFile);
        List<Tensor> xs = new ArrayList<>();
        List<float[]> netOut = new ArrayList<>();
        List<float[]> growOut = new ArrayList<>();
        int[] batches = {32, 1, 5, 32, 2, 64, 7, 32};
        for (int i = 0; i < 24; i++) {
            Tensor x = Tensors.randn(batches[i % batches.length], 128).mul(0.5 + i * 0.1);
            xs.add(x);
            netOut.add(serialNet.forward(x).toFloatArray());
            growOut.add(((Tensor) serialGrow.call(x.narrow(1, 0, 8), i % 6)).toFloatArray());
        }
        AtomicLong calls = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int offset = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONCURRENT_MILLIS);
                    for (int c = 0; System.nanoTime() < end; c++) {
                        int k = (c * 7 + offset * 5) % xs.size();
                        Tensor x = xs.get(k);
                        assertArrayEquals(netOut.get(k), loaded.forward(x).toFloatArray(), "net, input " + k);
                        assertArrayEquals(growOut.get(k), ((Tensor) grow.call(x.narrow(1, 0, 8), k % 6)).toFloatArray(), "loop, input " + k);
                        calls.addAndGet(2);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(CONCURRENT_MILLIS + 120_000, TimeUnit.MILLISECONDS);
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "16 threads, %.0f s: %,d calls of a loaded module, all equal to the serial results%n",
                CONCURRENT_MILLIS / 1000.0, calls.get());
        assertTrue(calls.get() >= 2L * THREADS, "every thread made calls");
    }

    /** What thread {@code t} traces: its own chain of ops, with its own constant, interleaved with the others' at each step. */
    private static Tensor chain(int t, Tensor x, CyclicBarrier step) throws Exception {
        Tensor y = x;
        for (int i = 0; i < 4; i++) {
            step.await(10, TimeUnit.SECONDS); // every thread passes the same barriers
            if (i > t % 4) continue;
            switch (t % 4) {
                case 0: y = y.exp(); break;
                case 1: y = y.neg(); break;
                case 2: y = y.sigmoid(); break;
                default: y = y.abs(); break;
            }
        }
        step.await(10, TimeUnit.SECONDS);
        return y.mul(t + 2);
    }

    private static final String[] OPS = {"tensor::exp", "tensor::neg", "tensor::sigmoid", "tensor::abs"};

    @Test
    void eightThreadsTracingAtOnceRecordIndependentGraphs() throws Exception {
        int threads = 8;
        int rounds = SOAK ? 400 : 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < rounds; r++) {
                CyclicBarrier step = new CyclicBarrier(threads);
                List<Future<ScriptFunction>> traced = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    final int id = t;
                    traced.add(pool.submit(() -> Jit.trace(x -> {
                        try {
                            return chain(id, x, step);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, Tensors.tensor(0.5f, -1f, 2f))));
                }
                for (int t = 0; t < threads; t++) {
                    ScriptFunction f = traced.get(t).get(60, TimeUnit.SECONDS);
                    String g = f.graph().toString();
                    String mine = OPS[t % 4];
                    assertEquals(t % 4 + 1, g.split(java.util.regex.Pattern.quote(mine + "("), -1).length - 1, "thread " + t + ":\n" + g);
                    for (String other : OPS) {
                        if (!other.equals(mine)) assertFalse(g.contains(other + "("), "thread " + t + " recorded " + other + ":\n" + g);
                    }
                    assertEquals(1, g.split("tensor::mul\\(", -1).length - 1, g);
                    Tensor in = Tensors.tensor(0.25f, 3f, -0.5f);
                    CyclicBarrier solo = new CyclicBarrier(1);
                    assertArrayEquals(chain(t, in, solo).toFloatArray(), f.forward(in).toFloatArray(), 1e-6f, "thread " + t + ":\n" + g);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Heap in use after collections; and native memory, the process's resident bytes (JavaCPP's
     * {@code Pointer.physicalBytes()}) less the committed heap. ND4J's CPU buffers are not counted by
     * JavaCPP's {@code totalBytes()} (a 64 MB array leaves it at 104 bytes), so resident memory is the
     * measure that sees them; {@code totalBytes()} is printed too.
     */
    record Memory(long heap, long committed, long physical, long javacpp) {
        static Memory now() throws InterruptedException {
            MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            return new Memory(bean.getHeapMemoryUsage().getUsed(), bean.getHeapMemoryUsage().getCommitted(),
                    org.bytedeco.javacpp.Pointer.physicalBytes(), org.bytedeco.javacpp.Pointer.totalBytes());
        }

        long nativeBytes() {
            return physical - committed;
        }

        String describe() {
            return String.format(Locale.ROOT, "heap %.1f MB used (%.1f committed), native %.1f MB, resident %.1f MB, JavaCPP %.1f MB",
                    heap / 1e6, committed / 1e6, nativeBytes() / 1e6, physical / 1e6, javacpp / 1e6);
        }
    }

    @Test
    void callsOfACompiledFunctionRunInFlatMemory() throws Exception {
        Tensor w = Tensors.randn(16);
        ScriptFunction small = Jit.trace((x, b) -> x.mul(w.narrow(0, 0, 1)).add(b).tanh().mul(0.5).add(x).sigmoid(),
                Tensors.randn(16), Tensors.randn(16));
        ScriptFunction loop = Jit.script(LOOP_SOURCE);
        Tensor m = Tensors.randn(192, 192);
        ScriptFunction blas = Jit.trace(a -> a.matmul(m).relu().sum(), Tensors.randn(192, 192)); // 192^3 > 64^3: ND4J
        // More shapes than the executor keeps specialized plans for (8), cycled through.
        List<Tensor[]> args = new ArrayList<>();
        for (int i = 0; i < 12; i++) args.add(new Tensor[] {Tensors.randn(4 + i), Tensors.randn(4 + i)});
        Tensor big = Tensors.randn(192, 192);

        double sink = 0;
        for (int i = 0; i < 2_000; i++) sink += step(i, small, loop, blas, args, big); // warm-up: plans built, ND4J loaded
        Memory start = Memory.now();
        Memory half = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            sink += step(i, small, loop, blas, args, big);
            if (i == CALLS / 2 - 1) half = Memory.now();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Memory end = Memory.now();
        System.out.printf(Locale.ROOT, "%,d compiled calls (+%,d loop calls, %,d BLAS calls) in %.1f s%n  start: %s%n  half:  %s%n  end:   %s%n",
                CALLS, CALLS / 10, CALLS / 150, seconds, start.describe(), half.describe(), end.describe());
        assertTrue(Double.isFinite(sink));
        long heapGrowth = end.heap - half.heap;
        long nativeGrowth = end.nativeBytes() - half.nativeBytes();
        assertTrue(heapGrowth < 8L << 20, "heap grew " + heapGrowth / 1e6 + " MB over the second half of the calls");
        // Malloc arenas and the code cache move by tens of MB (up to 27 MB seen on Java 25); ND4J buffers
        // leaked by the BLAS calls would be 442 KB a call (operands and result), 88 MB for the 200 calls
        // of the short run's second half.
        assertTrue(nativeGrowth < 64L << 20, "native memory grew " + nativeGrowth / 1e6 + " MB over the second half of the calls");
        assertTrue(end.javacpp - half.javacpp < 1L << 20, "JavaCPP memory grew " + (end.javacpp - half.javacpp) + " bytes");
    }

    private static double step(int i, ScriptFunction small, ScriptFunction loop, ScriptFunction blas, List<Tensor[]> args, Tensor big) {
        Tensor[] a = args.get(i % args.size());
        double s = small.forward(a[0], a[1]).toFloatArray()[0];
        if (i % 10 == 0) s += ((Tensor) loop.call(a[0], i % 5)).toFloatArray()[0];
        if (i % 150 == 0) s += blas.forward(big).item();
        return s;
    }
}
