package jitbook.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jitbook.exec.Deadline;
import jitbook.exec.DeadlineExceededException;
import jitbook.jit.ScriptModule;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;

/**
 * Dynamic batching for a service: requests of one example each, arriving from many threads, are
 * gathered into one {@code [batch, ...]} tensor and answered by a single {@code forward} call, as
 * TorchServe and Triton batch. A worker takes the first waiting request, then waits at most
 * {@code maxWait} for more, up to {@code maxBatch}; each request gets its row of the result. One
 * call on 16 rows costs little more than one on 1 row, so under concurrent load the model does far
 * fewer calls; under light load a request waits at most {@code maxWait} longer than a direct call.
 * A batch that cannot fill (fewer clients than {@code maxBatch}) always waits out {@code maxWait},
 * which caps throughput at {@code clients / maxWait}: size {@code maxBatch} to the concurrency the
 * service expects (BENCHMARKS.md, "Serving").
 *
 * <p>A call timeout bounds each batch's {@code forward} (a {@link Deadline} on the worker): a
 * model that loops for ever fails that batch's requests with a {@link DeadlineExceededException}
 * and the worker goes on to the next batch. Without one, such a model keeps its worker for ever
 * and every later request waits; a {@code Deadline} a client opens on its own thread cannot stop
 * the worker's call.
 *
 * <p>Rows are float32 of the shape given at construction; the model's forward must return one
 * result row per input row and compute each row independently of the others (true of the usual
 * layers; not of batch statistics). Calls run without autograd. Thread-safe; close it to stop its
 * workers, which fails what is still waiting.
 */
public final class DynamicBatcher implements AutoCloseable {
    private final ScriptModule model;
    private final long[] rowShape;
    private final int rowSize;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Duration callTimeout;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();
    private volatile boolean closed;

    private static final class Request {
        final float[] row;
        final CompletableFuture<float[]> answer = new CompletableFuture<>();

        Request(float[] row) {
            this.row = row;
        }
    }

    /**
     * Starts {@code workerCount} threads (1 is usually best: one call on a full batch already uses
     * the machine); each batch's call may take at most {@code callTimeout} (null: no bound).
     */
    public DynamicBatcher(ScriptModule model, long[] rowShape, int maxBatch, Duration maxWait, int workerCount, Duration callTimeout) {
        if (maxBatch < 1 || workerCount < 1 || maxWait.isNegative() || (callTimeout != null && callTimeout.isNegative())) {
            throw new IllegalArgumentException("maxBatch and workers must be at least 1, maxWait and callTimeout not negative: " + maxBatch
                    + ", " + workerCount + ", " + maxWait + ", " + callTimeout);
        }
        this.callTimeout = callTimeout;
        this.model = model;
        this.rowShape = rowShape.clone();
        long n = 1;
        for (long d : rowShape) n *= d;
        this.rowSize = Math.toIntExact(n);
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "jitbook-batcher-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Without a call timeout. */
    public DynamicBatcher(ScriptModule model, long[] rowShape, int maxBatch, Duration maxWait, int workerCount) {
        this(model, rowShape, maxBatch, maxWait, workerCount, null);
    }

    public DynamicBatcher(ScriptModule model, long[] rowShape, int maxBatch, Duration maxWait) {
        this(model, rowShape, maxBatch, maxWait, 1, null);
    }

    /** Queues one example (row-major floats of the row shape); the future completes with its result row. */
    public CompletableFuture<float[]> submit(float[] row) {
        if (row.length != rowSize) {
            throw new IllegalArgumentException("a request holds " + row.length + " floats; this batcher takes rows of shape "
                    + Arrays.toString(rowShape) + " (" + rowSize + " floats)");
        }
        Request r = new Request(row.clone());
        if (closed) throw new IllegalStateException("the batcher is closed");
        queue.add(r);
        if (closed && queue.remove(r)) r.answer.completeExceptionally(new CancellationException("the batcher was closed"));
        return r.answer;
    }

    /**
     * {@link #submit} and wait: what a request thread of a service calls. Throws the
     * {@link DeadlineExceededException} itself (not wrapped) when the call timeout stopped its batch.
     */
    public float[] predict(float[] row) throws InterruptedException, ExecutionException {
        return submit(row).get();
    }

    private void work() {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            batch.clear();
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long until = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    if (queue.drainTo(batch, maxBatch - batch.size()) > 0) continue;
                    long left = until - System.nanoTime();
                    if (left <= 0) break;
                    Request r = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (r == null) break;
                    batch.add(r);
                }
            } catch (InterruptedException e) {
                break;
            }
            run(batch);
        }
        for (Request r : batch) r.answer.completeExceptionally(new CancellationException("the batcher was closed"));
    }

    private void run(List<Request> batch) {
        int n = batch.size();
        float[] flat = new float[n * rowSize];
        for (int i = 0; i < n; i++) System.arraycopy(batch.get(i).row, 0, flat, i * rowSize, rowSize);
        long[] shape = new long[rowShape.length + 1];
        shape[0] = n;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        try {
            Tensor y;
            Tensor x = Tensor.fromArray(new NdArray(DType.FLOAT32, shape, flat));
            try (GradMode.Scope noGrad = GradMode.disabled()) {
                if (callTimeout == null) {
                    y = model.forward(x);
                } else {
                    try (Deadline d = Deadline.after(callTimeout)) {
                        y = model.forward(x);
                    }
                }
            }
            if (y.shape().length == 0 || y.shape()[0] != n) {
                throw new IllegalStateException(model.className() + ".forward returned " + Arrays.toString(y.shape()) + " for a batch of "
                        + n + "; dynamic batching needs one result row per input row");
            }
            float[] out = y.toFloatArray();
            int width = out.length / n;
            batches.incrementAndGet();
            requests.addAndGet(n);
            largest.accumulateAndGet(n, Math::max);
            for (int i = 0; i < n; i++) batch.get(i).answer.complete(Arrays.copyOfRange(out, i * width, (i + 1) * width));
        } catch (RuntimeException | Error e) {
            for (Request r : batch) r.answer.completeExceptionally(e);
            if (e instanceof Error && !(e instanceof StackOverflowError)) throw (Error) e;
        }
    }

    /** Forward calls made so far. */
    public long batches() {
        return batches.get();
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.get();
    }

    /** The largest batch run so far (at most maxBatch). */
    public long largestBatch() {
        return largest.get();
    }

    /** Stops the workers; requests still waiting fail with a CancellationException. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) t.interrupt();
        for (Thread t : workers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Request r;
        while ((r = queue.poll()) != null) r.answer.completeExceptionally(new CancellationException("the batcher was closed"));
    }
}
