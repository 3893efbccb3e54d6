package jitbook.kernel.handlers;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import jitbook.kernel.channels.IopubPublisher;
import jitbook.kernel.wire.Json;
import jitbook.kernel.wire.WireMessage;

/**
 * Jupyter comms: the open comms and their target names, and the kernel-side targets that may
 * accept new comms (none are built in; widgets or magics can register one). A
 * {@code comm_open} for an unknown target is answered at once with {@code comm_close}, as the
 * protocol asks, so the front end does not keep a half-open comm.
 */
public final class CommManager {
    /** Receives the messages of comms opened on a target: (open or msg request, comm id). */
    public interface Target extends BiConsumer<WireMessage, String> {}

    private final IopubPublisher iopub;
    private final Map<String, String> open = new ConcurrentHashMap<>();
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    public CommManager(IopubPublisher iopub) {
        this.iopub = iopub;
    }

    public void registerTarget(String name, Target target) {
        targets.put(name, target);
    }

    void open(WireMessage msg) {
        String id = Json.str(msg.content(), "comm_id", "");
        String target = Json.str(msg.content(), "target_name", "");
        Target t = targets.get(target);
        if (t == null) {
            JsonObject c = new JsonObject();
            c.addProperty("comm_id", id);
            c.add("data", new JsonObject());
            iopub.publish(msg.header(), "comm_close", c);
            return;
        }
        open.put(id, target);
        t.accept(msg, id);
    }

    void message(WireMessage msg) {
        String id = Json.str(msg.content(), "comm_id", "");
        String target = open.get(id);
        Target t = target == null ? null : targets.get(target);
        if (t != null) t.accept(msg, id);
    }

    void close(WireMessage msg) {
        String id = Json.str(msg.content(), "comm_id", "");
        String target = open.remove(id);
        Target t = target == null ? null : targets.get(target);
        if (t != null) t.accept(msg, id);
    }

    JsonObject info(JsonObject request) {
        String filter = Json.str(request, "target_name", null);
        JsonObject comms = new JsonObject();
        open.forEach((id, target) -> {
            if (filter == null || filter.equals(target)) {
                JsonObject o = new JsonObject();
                o.addProperty("target_name", target);
                comms.add(id, o);
            }
        });
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.add("comms", comms);
        return reply;
    }
}
