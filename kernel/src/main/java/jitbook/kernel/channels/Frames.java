package jitbook.kernel.channels;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart send/receive on a JeroMQ socket as lists of byte arrays. */
final class Frames {
    private Frames() {}

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
