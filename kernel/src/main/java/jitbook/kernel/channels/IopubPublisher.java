package jitbook.kernel.channels;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jitbook.kernel.Log;
import jitbook.kernel.wire.WireCodec;
import jitbook.kernel.wire.WireMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The IOPub channel. ZeroMQ sockets are not thread-safe, and output comes from many threads
 * (the shell thread, snippet threads, threads user code starts), so one single-threaded
 * executor owns the PUB socket and every message is a task on it: FIFO order is publish order.
 * Pending stream text is flushed before each other message, so a cell's prints always precede
 * its result, its error and the final {@code idle} status. The socket has no send high-water
 * mark: a PUB socket drops what exceeds it, and a flood of requests (each answered with busy and
 * idle) once pushed a running cell's {@code idle} out, leaving its client waiting for ever.
 * Status messages must never be dropped; cell output is already batched (a few messages a second
 * per stream), so the queue stays bounded by what the kernel is asked to do.
 */
public final class IopubPublisher {
    /** Something holding buffered output that must go out before the next message. */
    public interface Flushable {
        void flushPending();
    }

    private final WireCodec codec;
    private final ScheduledExecutorService executor;
    private ZMQ.Socket socket; // touched only on the executor thread
    private volatile Flushable streams = () -> {};

    public IopubPublisher(ZContext ctx, String endpoint, WireCodec codec) {
        this.codec = codec;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jitbook-iopub");
            t.setDaemon(true);
            return t;
        });
        try {
            executor.submit(() -> {
                socket = ctx.createSocket(SocketType.PUB);
                socket.setLinger(1000);
                socket.setSndHWM(0);
                socket.bind(endpoint);
            }).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot bind IOPub at " + endpoint, e.getCause() != null ? e.getCause() : e);
        }
    }

    public void setStreams(Flushable streams) {
        this.streams = streams;
    }

    public WireCodec codec() {
        return codec;
    }

    /** Publishes a message with the given parent header (asynchronously, in order). */
    public void publish(JsonObject parent, String msgType, JsonObject content) {
        executor.execute(() -> {
            streams.flushPending();
            sendNow(parent, msgType, content);
        });
    }

    /** Sends on the socket; must be called on the publisher thread (i.e. from a task). */
    public void sendNow(JsonObject parent, String msgType, JsonObject content) {
        byte[] topic = ("kernel." + codec.session() + "." + msgType).getBytes(StandardCharsets.UTF_8);
        WireMessage msg = codec.message(List.of(topic), parent, msgType, content);
        try {
            Frames.send(socket, codec.encode(msg));
        } catch (RuntimeException e) {
            Log.warn("IOPub send failed for " + msgType, e);
        }
    }

    public void status(JsonObject parent, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        publish(parent, "status", c);
    }

    /** Runs {@code task} on the publisher thread after {@code delayMillis}. */
    public void schedule(Runnable task, long delayMillis) {
        executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the publisher thread, in order with the messages. */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Sends what is pending and closes the socket (its linger still delivers queued messages). */
    public void close() {
        try {
            executor.submit(() -> {
                streams.flushPending();
                socket.close();
            }).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Log.warn("IOPub close failed", e);
        }
    }

    /** Waits until everything queued so far (and pending stream text) has been sent. */
    public void sync() {
        try {
            executor.submit(() -> streams.flushPending()).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Log.warn("IOPub sync failed", e);
        }
    }
}
