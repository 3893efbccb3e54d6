package jitbook.kernel.channels;

import java.util.ArrayList;
import java.util.List;
import jitbook.kernel.Log;
import jitbook.kernel.wire.MalformedMessageException;
import jitbook.kernel.wire.WireCodec;
import jitbook.kernel.wire.WireMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ROUTER channel (shell or control) served by one thread that blocks in {@code recv} (no
 * polling sleeps: a request is picked up the moment it arrives) and handles each request
 * to completion before the next, as the protocol expects of the shell channel. Only this
 * thread touches the socket; handlers reply through {@link #send}. Frames that are not a
 * valid, signed message are logged and dropped, and the loop goes on.
 */
public final class RequestChannel implements Runnable {
    /** Handles one decoded request on the channel's thread. */
    public interface Handler {
        void handle(WireMessage request, RequestChannel channel);
    }

    private final String name;
    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private volatile Handler handler;
    private volatile int dropped;

    public RequestChannel(String name, ZContext ctx, String endpoint, WireCodec codec) {
        this.name = name;
        this.codec = codec;
        socket = ctx.createSocket(SocketType.ROUTER);
        socket.setLinger(1000);
        socket.setMaxMsgSize(Frames.MAX_FRAME_BYTES);
        socket.bind(endpoint);
    }

    public String name() {
        return name;
    }

    /** Number of messages dropped as malformed or badly signed. */
    public int dropped() {
        return dropped;
    }

    public void start(Handler handler) {
        this.handler = handler;
        Thread t = new Thread(this, "jitbook-" + name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            List<byte[]> frames;
            try {
                frames = Frames.recv(socket, 0);
            } catch (RuntimeException e) {
                // ETERM: the context is terminating. Closing our own socket lets it finish.
                Log.debug(name + " channel closed: " + e);
                socket.close();
                return;
            } catch (OutOfMemoryError e) {
                // A message (under the frame limit, but many frames, or a heap already full) that
                // does not fit: drop it, and the rest of its frames, and keep serving.
                dropped++;
                Log.warn("dropped a message on " + name + " too large for the heap", e);
                Frames.skipRest(socket);
                continue;
            }
            if (frames == null) continue;
            dispatch(frames);
        }
    }

    private void dispatch(List<byte[]> frames) {
        WireMessage msg;
        try {
            msg = codec.decode(frames);
        } catch (MalformedMessageException e) {
            dropped++;
            Log.info("dropped message on " + name + ": " + e.getMessage());
            return;
        } catch (OutOfMemoryError e) {
            dropped++;
            Log.warn("dropped a message on " + name + " too large for the heap", e);
            return;
        }
        try {
            handler.handle(msg, this);
        } catch (RuntimeException | Error e) {
            // A bug in one handler must not take the channel down.
            Log.warn("handler for " + msg.msgType() + " on " + name + " failed", e);
        }
    }

    /** Sends a message on this channel; call only from this channel's thread. */
    public void send(WireMessage msg) {
        Frames.send(socket, codec.encode(msg));
    }

    /**
     * Takes the requests already queued on the socket without waiting (valid ones only):
     * used to abort the execute requests that follow a failed cell.
     */
    public List<WireMessage> drainQueued() {
        List<WireMessage> out = new ArrayList<>();
        List<byte[]> frames;
        while ((frames = Frames.recv(socket, ZMQ.DONTWAIT)) != null) {
            try {
                out.add(codec.decode(frames));
            } catch (MalformedMessageException e) {
                dropped++;
                Log.info("dropped message on " + name + ": " + e.getMessage());
            }
        }
        return out;
    }
}
