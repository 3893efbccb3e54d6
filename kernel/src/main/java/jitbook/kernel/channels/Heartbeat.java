package jitbook.kernel.channels;

import jitbook.kernel.Log;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The heartbeat channel: a REP socket that echoes every message, on its own daemon thread,
 * so that the front end sees the kernel alive even while a cell keeps the other threads busy.
 */
public final class Heartbeat implements Runnable {
    private final ZMQ.Socket socket;

    public Heartbeat(ZContext ctx, String endpoint) {
        socket = ctx.createSocket(SocketType.REP);
        socket.setLinger(0);
        socket.setMaxMsgSize(Frames.MAX_FRAME_BYTES);
        socket.bind(endpoint);
    }

    public void start() {
        Thread t = new Thread(this, "jitbook-heartbeat");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var frames = Frames.recv(socket, 0);
                if (frames == null) continue;
                Frames.send(socket, frames);
            }
        } catch (RuntimeException e) {
            Log.debug("heartbeat stopped: " + e);
            socket.close();
        }
    }
}
