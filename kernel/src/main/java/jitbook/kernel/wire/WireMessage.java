package jitbook.kernel.wire;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message as it travels on a socket: the ZeroMQ routing identities, then header,
 * parent header, metadata and content (already parsed), and any raw binary buffers.
 * Immutable in intent: handlers build replies with {@link WireCodec#reply}.
 */
public record WireMessage(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                          JsonObject metadata, JsonObject content, List<byte[]> buffers) {

    public String msgType() {
        return Json.str(header, "msg_type", "");
    }

    public String msgId() {
        return Json.str(header, "msg_id", "");
    }
}
