package jitbook.kernel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.in} for cells: when a read finds no buffered bytes, it asks the front end for a
 * line through {@code input_request} on the stdin channel (via {@link LineSource}) and serves
 * that line plus a newline. If the request did not allow stdin, reading fails with a clear
 * {@link IOException} instead of blocking forever.
 */
public final class StdinStream extends InputStream {
    /** Supplies one line typed by the user (without its newline). */
    public interface LineSource {
        String readLine(String prompt, boolean password) throws IOException;
    }

    private final LineSource source;
    private byte[] buffer = new byte[0];
    private int pos;

    public StdinStream(LineSource source) {
        this.source = source;
    }

    private boolean fill() throws IOException {
        if (pos < buffer.length) return true;
        String line = source.readLine("", false);
        if (line == null) return false;
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) return -1;
        return buffer[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, buffer.length - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return buffer.length - pos;
    }

    /** Drops buffered input (at the start of each cell, so a cell never sees a stale line). */
    public synchronized void discard() {
        buffer = new byte[0];
        pos = 0;
    }
}
