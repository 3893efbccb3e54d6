package jitbook.kernel.io;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jitbook.kernel.channels.IopubPublisher;

/**
 * An {@link OutputStream} behind {@code System.out} or {@code System.err} that turns bytes into
 * Jupyter {@code stream} messages while the cell runs. Writes only append to a buffer; the
 * first write after a flush schedules a flush {@value #BATCH_MILLIS} ms later on the IOPub
 * thread, so a loop of {@code println}s becomes a few messages instead of thousands, and text
 * still appears promptly. Each write is tagged with the parent header current when it was
 * written, not when it is flushed: text a cell printed just before it finished stays that
 * cell's output even if the flush runs after the next cell started (Run All put it under the
 * wrong cell). Bytes are decoded as UTF-8 only up to the last complete character.
 */
public final class StreamOutput extends OutputStream {
    static final long BATCH_MILLIS = 5;

    /** Text written under one parent header, in order. */
    private static final class Segment {
        final JsonObject parent;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Segment(JsonObject parent) {
            this.parent = parent;
        }
    }

    private final String name;
    private final IopubPublisher iopub;
    private final Supplier<JsonObject> parent;
    private final List<Segment> pending = new ArrayList<>();
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
        JsonObject writtenUnder = parent.get();
        boolean schedule;
        synchronized (this) {
            Segment last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
            if (last == null || last.parent != writtenUnder) {
                last = new Segment(writtenUnder);
                pending.add(last);
            }
            last.bytes.write(b, off, len);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) iopub.schedule(this::flushPending, BATCH_MILLIS);
    }

    /** Sends buffered text, one stream message per parent; runs on the IOPub thread only. */
    public void flushPending() {
        List<Segment> out;
        synchronized (this) {
            scheduled = false;
            if (pending.isEmpty()) return;
            out = new ArrayList<>(pending);
            pending.clear();
            // An incomplete UTF-8 character at the very end waits for its last bytes.
            Segment last = out.get(out.size() - 1);
            byte[] bytes = last.bytes.toByteArray();
            int complete = completeUtf8Prefix(bytes);
            if (complete < bytes.length) {
                Segment rest = new Segment(last.parent);
                rest.bytes.write(bytes, complete, bytes.length - complete);
                pending.add(rest);
                last.bytes.reset();
                last.bytes.write(bytes, 0, complete);
            }
        }
        for (Segment s : out) {
            String text = s.bytes.toString(StandardCharsets.UTF_8);
            if (text.isEmpty()) continue;
            JsonObject c = new JsonObject();
            c.addProperty("name", name);
            c.addProperty("text", text);
            iopub.sendNow(s.parent, "stream", c);
        }
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
