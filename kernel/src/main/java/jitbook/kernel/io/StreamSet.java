package jitbook.kernel.io;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import jitbook.kernel.channels.IopubPublisher;

/**
 * The cell's stdout and stderr: installed as {@code System.out} and {@code System.err} for the
 * whole process (JShell's local engine runs snippets in this JVM, on its own threads, and
 * reads the global streams), and flushed by the IOPub publisher before every other message.
 */
public final class StreamSet implements IopubPublisher.Flushable {
    private final StreamOutput out;
    private final StreamOutput err;

    public StreamSet(IopubPublisher iopub, Supplier<JsonObject> parent) {
        this.out = new StreamOutput("stdout", iopub, parent);
        this.err = new StreamOutput("stderr", iopub, parent);
    }

    /** Replaces System.out and System.err (the originals stay with {@link jitbook.kernel.Log}). */
    public void install() {
        jitbook.kernel.Log.init();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void flushPending() {
        System.out.flush();
        System.err.flush();
        out.flushPending();
        err.flushPending();
    }
}
