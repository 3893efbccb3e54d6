package jitbook.kernel.channels;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import jitbook.kernel.Log;
import jitbook.kernel.wire.Json;
import jitbook.kernel.wire.MalformedMessageException;
import jitbook.kernel.wire.WireCodec;
import jitbook.kernel.wire.WireMessage;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The stdin channel: sends {@code input_request} to the front end that sent the running
 * execute request and waits for its {@code input_reply}. Used from whatever thread reads
 * {@code System.in} (a snippet thread), one reader at a time under a lock, which also gives the
 * memory barrier ZeroMQ asks for when a socket moves between threads. The wait polls with a
 * short timeout only so that an interrupt can cancel it; replies are answered the moment they
 * arrive.
 */
public final class StdinChannel {
    private static final int CANCEL_CHECK_MS = 50;

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final ZMQ.Poller poller;
    private volatile boolean cancelled;

    public StdinChannel(ZContext ctx, String endpoint, WireCodec codec) {
        this.codec = codec;
        socket = ctx.createSocket(SocketType.ROUTER);
        socket.setLinger(0);
        socket.setMaxMsgSize(Frames.MAX_FRAME_BYTES);
        socket.bind(endpoint);
        poller = ctx.createPoller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
    }

    /** Makes a pending or future wait of the current cell fail (called on interrupt). */
    public void cancel() {
        cancelled = true;
    }

    /** Clears the cancel flag (called when a new cell starts). */
    public void resetCancel() {
        cancelled = false;
    }

    /** Closes the socket; called at shutdown, after {@link #cancel} ended any pending read. */
    public void close() {
        cancel();
        synchronized (this) {
            poller.close();
            socket.close();
        }
    }

    /** Asks the front end behind {@code request} for a line. */
    public synchronized String request(WireMessage request, String prompt, boolean password) throws IOException {
        while (Frames.recv(socket, ZMQ.DONTWAIT) != null) {
            // Stale replies to an earlier, cancelled request must not answer this one.
        }
        JsonObject content = new JsonObject();
        content.addProperty("prompt", prompt);
        content.addProperty("password", password);
        WireMessage msg = codec.message(request.identities(), request.header(), "input_request", content);
        Frames.send(socket, codec.encode(msg));
        while (true) {
            if (cancelled) throw new InterruptedIOException("input cancelled by an interrupt");
            if (poller.poll(CANCEL_CHECK_MS) <= 0) continue;
            List<byte[]> frames = Frames.recv(socket, ZMQ.DONTWAIT);
            if (frames == null) continue;
            try {
                WireMessage reply = codec.decode(frames);
                if (!reply.msgType().equals("input_reply")) {
                    Log.info("ignoring " + reply.msgType() + " on stdin");
                    continue;
                }
                return Json.str(reply.content(), "value", "");
            } catch (MalformedMessageException e) {
                Log.info("dropped message on stdin: " + e.getMessage());
            }
        }
    }
}
