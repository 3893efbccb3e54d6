package jitbook.kernel.display;

import com.google.gson.JsonObject;
import java.util.function.Supplier;
import jitbook.kernel.channels.IopubPublisher;
import jitbook.kernel.wire.Json;
import jitbook.magics.display.DisplaySink;
import jitbook.magics.display.MimeBundle;

/**
 * The kernel's {@link DisplaySink}: publishes {@code display_data}, {@code update_display_data}
 * and {@code clear_output} on IOPub, as children of the request that is running (so the output
 * lands in that cell), in order with the cell's stream output.
 */
public final class KernelDisplaySink implements DisplaySink {
    private final DisplayRegistry registry;
    private final IopubPublisher iopub;
    private final Supplier<JsonObject> parent;

    public KernelDisplaySink(DisplayRegistry registry, IopubPublisher iopub, Supplier<JsonObject> parent) {
        this.registry = registry;
        this.iopub = iopub;
        this.parent = parent;
    }

    @Override
    public MimeBundle render(Object value) {
        MimeBundle b = registry.render(value, null);
        return b == null ? new MimeBundle() : b;
    }

    @Override
    public void show(MimeBundle bundle, String displayId, boolean update) {
        JsonObject c = bundleContent(bundle);
        JsonObject transientData = new JsonObject();
        if (displayId != null) transientData.addProperty("display_id", displayId);
        c.add("transient", transientData);
        iopub.publish(parent.get(), update ? "update_display_data" : "display_data", c);
    }

    @Override
    public void clearOutput(boolean wait) {
        JsonObject c = new JsonObject();
        c.addProperty("wait", wait);
        iopub.publish(parent.get(), "clear_output", c);
    }

    /** {"data": ..., "metadata": ...} of a bundle. */
    public static JsonObject bundleContent(MimeBundle bundle) {
        JsonObject c = new JsonObject();
        c.add("data", Json.mapToJson(bundle.data()));
        c.add("metadata", Json.mapToJson(bundle.metadata()));
        return c;
    }
}
