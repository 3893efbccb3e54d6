package jitbook.kernel.channels;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart send/receive on a JeroMQ socket as lists of byte arrays. */
final class Frames {
    private Frames() {}

    /**
     * Largest frame a kernel socket accepts: a quarter of the heap (at least 64 MB). ZeroMQ reads
     * the size first and disconnects a peer that announces more, so such a message is dropped
     * before anything is allocated; decoding a message takes a few times its size in heap.
     */
    static final long MAX_FRAME_BYTES = Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4);

    /** Whether a socket error means the context is terminating (the socket's thread should close it and end). */
    static boolean isTermination(org.zeromq.ZMQException e) {
        return e.getErrorCode() == ZMQ.Error.ETERM.getCode();
    }

    /** Discards the remaining frames of a partly received message. */
    static void skipRest(ZMQ.Socket socket) {
        try {
            while (socket.hasReceiveMore()) socket.recv(0);
        } catch (RuntimeException | OutOfMemoryError e) {
            // nothing more to do: the next recv starts wherever the socket is
        }
    }

    /** Receives one whole multipart message; null when {@code flags} is DONTWAIT and none is queued. */
    static List<byte[]> recv(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) return null;
        List<byte[]> frames = new ArrayList<>(8);
        frames.add(first);
        while (socket.hasReceiveMore()) frames.add(socket.recv(0));
        return frames;
    }

    static void send(ZMQ.Socket socket, List<byte[]> frames) {
        int last = frames.size() - 1;
        for (int i = 0; i < last; i++) socket.sendMore(frames.get(i));
        socket.send(frames.get(last), 0);
    }
}
