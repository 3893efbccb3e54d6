package jitbook.kernel.io;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import jitbook.kernel.channels.IopubPublisher;

/**
 * An {@link OutputStream} behind {@code System.out} or {@code System.err} that turns bytes into
 * Jupyter {@code stream} messages while the cell runs. Writes only append to a buffer; the
 * first write after a flush schedules a flush {@value #BATCH_MILLIS} ms later on the IOPub
 * thread, so a loop of {@code println}s becomes a few messages instead of thousands, and text
 * still appears promptly. Bytes are decoded as UTF-8 only up to the last complete character.
 */
public final class StreamOutput extends OutputStream {
    static final long BATCH_MILLIS = 5;

    private final String name;
    private final IopubPublisher iopub;
    private final Supplier<JsonObject> parent;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean scheduled;

    public StreamOutput(String name, IopubPublisher iopub, Supplier<JsonObject> parent) {
        this.name = name;
        this.iopub = iopub;
        this.parent = parent;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (jitbook.kernel.Log.isInternalThread()) {
            // Library chatter from the kernel's own warm-up threads (e.g. ND4J's start-up log)
            // belongs in the kernel log, not in whatever cell happens to be running.
            jitbook.kernel.Log.originalErr().write(b, off, len);
            return;
        }
        boolean schedule;
        synchronized (this) {
            pending.write(b, off, len);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) iopub.schedule(this::flushPending, BATCH_MILLIS);
    }

    /** Sends buffered text as one stream message; runs on the IOPub thread only. */
    public void flushPending() {
        String text;
        synchronized (this) {
            scheduled = false;
            if (pending.size() == 0) return;
            byte[] bytes = pending.toByteArray();
            int complete = completeUtf8Prefix(bytes);
            text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
            pending.reset();
            pending.write(bytes, complete, bytes.length - complete);
        }
        if (text.isEmpty()) return;
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("text", text);
        iopub.sendNow(parent.get(), "stream", c);
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] b) {
        int n = b.length;
        // Look back at most 3 bytes for the start of the last character.
        for (int i = n - 1; i >= Math.max(0, n - 4); i--) {
            int v = b[i] & 0xFF;
            if (v < 0x80) return n;               // ASCII: everything complete
            if (v >= 0xC0) {                      // lead byte: how long should it be?
                int need = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : 2;
                return n - i >= need ? n : i;
            }
        }
        return n; // only continuation bytes: invalid anyway, let the decoder replace them
    }
}
