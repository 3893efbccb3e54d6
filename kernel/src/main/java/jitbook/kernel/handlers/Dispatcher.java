package jitbook.kernel.handlers;

import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jitbook.kernel.KernelContext;
import jitbook.kernel.Log;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.wire.WireMessage;

/**
 * Routes the requests of one channel to their {@link Handler}s, with {@code busy} and
 * {@code idle} status messages around every request. An unknown {@code *_request} gets an
 * error reply (other unknown messages are logged and dropped), and a handler that throws
 * produces an error reply instead of silence: the front end is never left waiting.
 */
public final class Dispatcher implements RequestChannel.Handler {
    private final KernelContext ctx;
    private final Map<String, Handler> handlers = new HashMap<>();

    public Dispatcher(KernelContext ctx) {
        this.ctx = ctx;
    }

    public Dispatcher on(String msgType, Handler handler) {
        handlers.put(msgType, handler);
        return this;
    }

    @Override
    public void handle(WireMessage request, RequestChannel channel) {
        String type = request.msgType();
        Handler h = handlers.get(type);
        ctx.iopub().status(request.header(), "busy");
        try {
            JsonObject reply;
            if (h == null) {
                Log.info("unknown message type " + type + " on " + channel.name());
                reply = type.endsWith("_request")
                        ? error("UnknownMessageType", "this kernel does not handle " + type) : null;
            } else {
                try {
                    reply = h.handle(request, channel);
                } catch (Exception | Error e) {
                    // Errors too (an InternalError from JShell, an OutOfMemoryError): the request is
                    // answered whatever happened, or the front end waits for ever.
                    Log.warn(type + " failed", e);
                    reply = error(e.getClass().getName(), String.valueOf(e.getMessage()));
                }
            }
            if (reply != null) {
                WireMessage out = ctx.codec().reply(request, replyType(type), reply);
                JsonObject md = h == null ? null : h.replyMetadata();
                if (md != null) out = new WireMessage(out.identities(), out.header(), out.parentHeader(), md,
                        out.content(), out.buffers());
                channel.send(out);
                if (h != null) h.afterReply(request, channel, this);
            }
        } finally {
            ctx.iopub().status(request.header(), "idle");
            ctx.requestServed();
        }
        if (h != null) h.afterIdle(request, channel, this);
    }

    /** Answers an execute request that is skipped after an earlier error with "aborted". */
    public void abort(WireMessage request, RequestChannel channel) {
        ctx.iopub().status(request.header(), "busy");
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "aborted");
        reply.addProperty("execution_count", ctx.executionCount());
        channel.send(ctx.codec().reply(request, replyType(request.msgType()), reply));
        ctx.iopub().status(request.header(), "idle");
    }

    /** Aborts queued execute requests and handles every other queued request normally. */
    public void abortQueuedExecutes(RequestChannel channel) {
        List<WireMessage> queued = channel.drainQueued();
        for (WireMessage m : queued) {
            if (m.msgType().equals("execute_request")) abort(m, channel);
            else handle(m, channel);
        }
    }

    static String replyType(String requestType) {
        return requestType.endsWith("_request")
                ? requestType.substring(0, requestType.length() - "_request".length()) + "_reply"
                : requestType + "_reply";
    }

    static JsonObject error(String ename, String evalue) {
        JsonObject o = new JsonObject();
        o.addProperty("status", "error");
        o.addProperty("ename", ename);
        o.addProperty("evalue", evalue);
        o.add("traceback", new com.google.gson.JsonArray());
        return o;
    }
}
