package jitbook.kernel.channels;

import jitbook.kernel.Log;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The heartbeat channel: a REP socket that echoes every message, on its own daemon thread,
 * so that the front end sees the kernel alive even while a cell keeps the other threads busy.
 * Front ends send a few bytes ({@code ping}); the socket refuses frames above
 * {@value #MAX_MESSAGE_BYTES} bytes (ZeroMQ reads the announced size and drops the peer before
 * allocating), and nothing but the context's termination ends the loop: a heartbeat that died
 * of one bad message would have front ends call a healthy kernel dead.
 */
public final class Heartbeat implements Runnable {
    static final long MAX_MESSAGE_BYTES = 64 * 1024;

    private final ZMQ.Socket socket;

    public Heartbeat(ZContext ctx, String endpoint) {
        socket = ctx.createSocket(SocketType.REP);
        socket.setLinger(0);
        socket.setMaxMsgSize(MAX_MESSAGE_BYTES);
        socket.bind(endpoint);
    }

    public void start() {
        Thread t = new Thread(this, "jitbook-heartbeat");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                var frames = Frames.recv(socket, 0);
                if (frames == null) continue;
                Frames.send(socket, frames);
            } catch (org.zeromq.ZMQException e) {
                if (Frames.isTermination(e)) {
                    Log.debug("heartbeat stopped: " + e);
                    socket.close();
                    return;
                }
                Log.warn("heartbeat: dropped a message", e);
            } catch (Throwable e) { // OutOfMemoryError included: keep beating
                Log.warn("heartbeat: dropped a message", e);
            }
        }
    }
}
