package jitbook.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.tensor.Tensors;

/** Sixteen client threads send one example each per request; the batcher answers each with what a direct call gives. */
class DynamicBatcherTest {
    static final int FEATURES = 8;

    static ScriptModule mlp() {
        Tensors.manualSeed(11);
        Sequential net = new Sequential(new Linear(FEATURES, 16), new ReLU(), new Linear(16, 3));
        net.eval();
        return Jit.trace(net, Tensors.randn(4, FEATURES));
    }

    static float[] direct(ScriptModule m, float[] row) {
        return m.forward(Tensors.tensor(new float[][] {row})).toFloatArray();
    }

    @Test
    void concurrentRequestsAreBatchedAndEachGetsItsOwnRow() throws Exception {
        ScriptModule m = mlp();
        int threads = 16;
        int perThread = 40;
        Random r = new Random(1);
        float[][] rows = new float[threads * perThread][FEATURES];
        for (float[] row : rows) for (int i = 0; i < FEATURES; i++) row[i] = (float) r.nextGaussian();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try (DynamicBatcher b = new DynamicBatcher(m, new long[] {FEATURES}, 8, Duration.ofMillis(5))) {
            List<Future<float[][]>> answers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                answers.add(pool.submit(() -> {
                    start.await();
                    float[][] got = new float[perThread][];
                    for (int i = 0; i < perThread; i++) got[i] = b.predict(rows[first + i]);
                    return got;
                }));
            }
            for (int t = 0; t < threads; t++) {
                float[][] got = answers.get(t).get(120, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) assertArrayEquals(direct(m, rows[t * perThread + i]), got[i], "request " + (t * perThread + i));
            }
            assertEquals(rows.length, b.requests());
            assertTrue(b.batches() < rows.length, "some requests shared a call: " + b.batches() + " calls");
            assertTrue(b.largestBatch() <= 8, "never more than maxBatch: " + b.largestBatch());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoneRequestIsAnsweredAfterAtMostTheWait() throws Exception {
        ScriptModule m = mlp();
        try (DynamicBatcher b = new DynamicBatcher(m, new long[] {FEATURES}, 64, Duration.ofMillis(20))) {
            float[] row = {1, 2, 3, 4, 5, 6, 7, 8};
            assertArrayEquals(direct(m, row), b.submit(row).get(60, TimeUnit.SECONDS));
            assertEquals(1, b.batches());
        }
    }

    /** A batch runs as soon as it is full: with a max wait of an hour, four requests for a max batch of four are answered. */
    @Test
    void aFullBatchRunsWithoutWaitingOutTheMaxWait() throws Exception {
        ScriptModule m = mlp();
        try (DynamicBatcher b = new DynamicBatcher(m, new long[] {FEATURES}, 4, Duration.ofHours(1))) {
            List<java.util.concurrent.CompletableFuture<float[]>> answers = new ArrayList<>();
            float[][] rows = new float[4][FEATURES];
            for (int i = 0; i < 4; i++) {
                rows[i][i] = i + 1;
                answers.add(b.submit(rows[i]));
            }
            for (int i = 0; i < 4; i++) assertArrayEquals(direct(m, rows[i]), answers.get(i).get(60, TimeUnit.SECONDS), "request " + i);
            assertEquals(1, b.batches(), "the four shared one call");
        }
    }

    /** y = x, negated while true: a loaded model that never returns. */
    static ScriptModule spin() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("spin-", ".jbm");
        try {
            Jit.save(Jit.function("spin", Jit.parseIr(jitbook.io.SpinningModel.IR)), file);
            return Jit.load(file);
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** The call timeout stops a batch whose model never returns; the worker lives on and times out the next batch too, rather than hanging. */
    @Test
    void aCallTimeoutFailsABatchThatNeverEndsAndTheWorkerGoesOn() throws Exception {
        try (DynamicBatcher b = new DynamicBatcher(spin(), new long[] {FEATURES}, 4, Duration.ofMillis(1), 1, Duration.ofMillis(100))) {
            for (int round = 0; round < 2; round++) {
                java.util.concurrent.CompletableFuture<float[]> answer = b.submit(new float[FEATURES]);
                // DeadlineExceededException is a CancellationException: Java 17's get() throws it as
                // it is, Java 25's wraps it in a CancellationException("get") of its own.
                java.util.concurrent.CancellationException thrown = assertThrows(java.util.concurrent.CancellationException.class,
                        () -> answer.get(60, TimeUnit.SECONDS), "round " + round);
                Throwable e = thrown;
                while (e != null && !(e instanceof jitbook.exec.DeadlineExceededException)) e = e.getCause();
                assertTrue(e != null, "round " + round + ": not a deadline: " + thrown);
                assertTrue(e.getMessage().contains("deadline of 100 ms"), e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new DynamicBatcher(mlp(), new long[] {FEATURES}, 4, Duration.ZERO, 1, Duration.ofMillis(-1)));
    }

    @Test
    void aWrongShapeIsRefusedAtSubmitAndAFailingCallFailsOnlyItsBatch() throws Exception {
        ScriptModule m = mlp();
        try (DynamicBatcher b = new DynamicBatcher(m, new long[] {FEATURES}, 4, Duration.ofMillis(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.submit(new float[3]));
            assertTrue(e.getMessage().contains("rows of shape [8]"), e.getMessage());
        }
        ScriptModule wrongWidth = mlp();
        try (DynamicBatcher b = new DynamicBatcher(wrongWidth, new long[] {FEATURES - 1}, 4, Duration.ofMillis(1))) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> b.predict(new float[FEATURES - 1]));
            assertTrue(failed.getCause() instanceof RuntimeException, String.valueOf(failed.getCause()));
            assertThrows(ExecutionException.class, () -> b.predict(new float[FEATURES - 1]), "the worker lives on and answers the next");
        }
    }

    @Test
    void closingFailsWhatWaitsAndRefusesNewRequests() {
        DynamicBatcher b = new DynamicBatcher(mlp(), new long[] {FEATURES}, 4, Duration.ofMillis(1));
        b.close();
        assertThrows(IllegalStateException.class, () -> b.submit(new float[FEATURES]));
    }
}
