package jitbook.kernel.handlers;

import com.google.gson.JsonObject;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.wire.WireMessage;

/**
 * Handles one message type. Returns the content of the reply (whose type is the request's
 * with {@code _request} replaced by {@code _reply}), or null when the message has no reply.
 * The {@link Dispatcher} publishes busy/idle around the call and sends the reply.
 */
@FunctionalInterface
public interface Handler {
    JsonObject handle(WireMessage request, RequestChannel channel) throws Exception;

    /** Metadata for the reply just produced by {@link #handle} (null for none). */
    default JsonObject replyMetadata() {
        return null;
    }

    /**
     * Runs after the reply is sent and before the idle status: the execute handler aborts the
     * requests that queued up while a failed cell ran (as ipykernel does). A client that waits
     * for idle before its next request cannot have sent it yet, so only requests that really
     * were queued get aborted; replies still go out in request order.
     */
    default void afterReply(WireMessage request, RequestChannel channel, Dispatcher dispatcher) {}

    /** Runs after the reply and the idle status were sent (e.g. aborting queued requests). */
    default void afterIdle(WireMessage request, RequestChannel channel, Dispatcher dispatcher) {}
}
