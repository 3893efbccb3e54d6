package jitbook.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Threads;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.serve.DynamicBatcher;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * What a service sees: 16 request threads, each sending one example at a time (batch 1), to an
 * MLP saved and loaded as a production service loads it (the reference 128-256-256-10, and a
 * small 32-64-64-4 whose batch-1 call is mostly per-call overhead, and a large 1024-2048-2048-10
 * whose batch-1 call is mostly reading its 24 MB of weights). {@code direct}:
 * each thread calls {@code forward} itself; {@code batched}: each thread hands its example to a
 * {@link DynamicBatcher} (max batch {@code maxBatch}, max wait 1 ms, one worker) and waits for its
 * row. With max batch 32 and 16 clients a batch never fills, so every batch waits the whole 1 ms;
 * with 16 it closes as soon as the 16th request arrives. The score is requests per second over all
 * threads (JMH's throughput mode sums the threads).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class ServingBench {

    @State(Scope.Benchmark)
    public static class Service {
        @Param({"direct", "batched"})
        public String mode;

        /** The reference MLP, a small one whose batch-1 call is mostly per-call overhead, a large one (24 MB of weights) whose batch-1 call is mostly reading them. */
        @Param({"128-256-256-10", "32-64-64-4", "1024-2048-2048-10"})
        public String layers;

        /** Rows per batch (batched only): more than the 16 clients (each batch waits out max wait), or as many. */
        @Param({"32", "16"})
        public int maxBatch;

        ScriptModule model;
        DynamicBatcher batcher;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Tensors.manualSeed(0);
            int[] w = java.util.Arrays.stream(layers.split("-")).mapToInt(Integer::parseInt).toArray();
            Sequential mlp = new Sequential(new Linear(w[0], w[1]), new ReLU(), new Linear(w[1], w[2]), new ReLU(), new Linear(w[2], w[3]));
            mlp.eval();
            Path file = Files.createTempFile("serving-", ".jbm");
            Jit.save(Jit.trace(mlp, Tensors.randn(1, w[0])), file);
            model = Jit.load(file);
            Files.delete(file);
            if (mode.equals("batched")) batcher = new DynamicBatcher(model, new long[] {w[0]}, maxBatch, Duration.ofMillis(1));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (batcher != null) {
                System.out.printf("%n[ServingBench] %d requests in %d forward calls (mean batch %.1f, largest %d)%n",
                        batcher.requests(), batcher.batches(), (double) batcher.requests() / Math.max(1, batcher.batches()), batcher.largestBatch());
                batcher.close();
            }
        }
    }

    /** One client thread's request. */
    @State(Scope.Thread)
    public static class Request {
        float[] x;
        Tensor tensor;

        @Setup(Level.Trial)
        public void setUp(Service s) {
            tensor = Tensors.randn(1, Integer.parseInt(s.layers.split("-")[0]));
            x = tensor.toFloatArray();
        }
    }

    @Benchmark
    public float[] request(Service s, Request r) throws Exception {
        if (s.batcher != null) return s.batcher.predict(r.x);
        return s.model.forward(r.tensor).toFloatArray();
    }
}
