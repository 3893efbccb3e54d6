package jitbook.kernel.handlers;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import jitbook.kernel.KernelContext;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.display.KernelDisplaySink;
import jitbook.kernel.eval.CellResult;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.kernel.io.StdinStream;
import jitbook.kernel.magic.KernelSession;
import jitbook.magics.MagicException;
import jitbook.magics.MagicRegistry;
import jitbook.kernel.wire.Json;
import jitbook.kernel.wire.WireMessage;
import jitbook.magics.display.MimeBundle;

/**
 * {@code execute_request}: publishes {@code execute_input}, runs the cell (line magics first,
 * then JShell), publishes the value as {@code execute_result} or the failure as {@code error},
 * evaluates {@code user_expressions}, and replies. Honours {@code silent},
 * {@code store_history}, {@code allow_stdin} and {@code stop_on_error} (after a failure,
 * execute requests already queued are answered "aborted"). The reply's metadata carries the
 * time spent evaluating ({@code eval_ms}), so a client can measure the kernel's own overhead.
 */
public final class ExecuteHandler implements Handler {
    private final KernelContext ctx;
    private final StdinStream stdinStream;
    private boolean abortQueued;
    private JsonObject metadata;

    public ExecuteHandler(KernelContext ctx, StdinStream stdinStream) {
        this.ctx = ctx;
        this.stdinStream = stdinStream;
    }

    @Override
    public JsonObject handle(WireMessage req, RequestChannel channel) {
        long start = System.nanoTime();
        JsonObject c = req.content();
        String code = Json.str(c, "code", "");
        boolean silent = Json.bool(c, "silent", false);
        boolean storeHistory = !silent && Json.bool(c, "store_history", true);
        boolean allowStdin = Json.bool(c, "allow_stdin", true);
        boolean stopOnError = Json.bool(c, "stop_on_error", true);

        int count = storeHistory ? ctx.nextExecutionCount() : ctx.executionCount();
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            ctx.iopub().publish(req.header(), "execute_input", input);
        }
        if (storeHistory) ctx.history().add(count, code);
        ctx.setCurrentRequest(req, allowStdin);
        ctx.stdin().resetCancel();
        stdinStream.discard();

        long t0 = System.nanoTime();
        CellResult result;
        JShellEvaluator ev = null;
        try {
            ev = ctx.evaluator();
            result = MagicRegistry.startsWithMagic(code) ? runMagics(code, ev, count) : ev.execute(code, count);
        } catch (IllegalStateException e) {
            result = CellResult.error("KernelError", e.getMessage(), java.util.List.of("KernelError: " + e.getMessage()));
        }
        double evalMs = (System.nanoTime() - t0) / 1e6;

        if (result.ok() && result.hasValue() && !silent) {
            MimeBundle bundle = ctx.displays().render(result.value(), result.valueText());
            if (bundle != null) {
                JsonObject out = KernelDisplaySink.bundleContent(bundle);
                out.addProperty("execution_count", count);
                ctx.iopub().publish(req.header(), "execute_result", out);
                if (storeHistory && bundle.get(MimeBundle.TEXT_PLAIN) != null) {
                    ctx.history().setOutput(count, bundle.get(MimeBundle.TEXT_PLAIN).toString());
                }
            }
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("execution_count", count);
        if (result.ok()) {
            reply.addProperty("status", "ok");
            reply.add("user_expressions", userExpressions(ev, Json.obj(c, "user_expressions")));
            reply.add("payload", new com.google.gson.JsonArray());
        } else {
            CellResult.CellError err = result.error();
            JsonObject error = errorContent(err);
            ctx.iopub().publish(req.header(), "error", error);
            reply.addProperty("status", "error");
            error.entrySet().forEach(e -> reply.add(e.getKey(), e.getValue()));
        }
        abortQueued = !result.ok() && stopOnError;
        metadata = new JsonObject();
        metadata.addProperty("eval_ms", evalMs);
        metadata.addProperty("handler_ms", (System.nanoTime() - start) / 1e6);
        metadata.addProperty("status", result.ok() ? "ok" : "error");
        // Everything the cell printed or displayed goes out before its reply (and so before idle).
        ctx.iopub().sync();
        return reply;
    }

    /** Runs the magics a cell starts with, then any Java after its line magics. */
    private CellResult runMagics(String code, JShellEvaluator ev, int count) {
        MagicRegistry.Outcome o = ctx.magics().run(code, new KernelSession(ev, count, code));
        if (!o.ok()) {
            MagicException e = o.error();
            java.util.List<String> tb = e.traceback() == null || e.traceback().isEmpty()
                    ? java.util.List.of(e.ename() + ": " + e.getMessage()) : e.traceback();
            return CellResult.error(e.ename(), e.getMessage(), tb);
        }
        if (!o.remainingCode().isEmpty()) return ev.execute(o.remainingCode(), count, code);
        return o.hasValue() ? CellResult.value(o.value(), null) : CellResult.success();
    }

    private JsonObject userExpressions(JShellEvaluator ev, JsonObject expressions) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : expressions.entrySet()) {
            CellResult r = ev.execute(e.getValue().getAsString(), 0);
            JsonObject o;
            if (r.ok()) {
                o = new JsonObject();
                o.addProperty("status", "ok");
                MimeBundle b = r.hasValue() ? ctx.displays().render(r.value(), r.valueText()) : null;
                JsonObject content = KernelDisplaySink.bundleContent(b == null ? new MimeBundle() : b);
                o.add("data", content.get("data"));
                o.add("metadata", content.get("metadata"));
            } else {
                o = errorContent(r.error());
                o.addProperty("status", "error");
            }
            out.add(e.getKey(), o);
        }
        return out;
    }

    private static JsonObject errorContent(CellResult.CellError err) {
        JsonObject error = new JsonObject();
        error.addProperty("ename", err.ename());
        error.addProperty("evalue", err.evalue());
        error.add("traceback", Json.strings(err.traceback()));
        return error;
    }

    @Override
    public JsonObject replyMetadata() {
        return metadata;
    }

    @Override
    public void afterReply(WireMessage request, RequestChannel channel, Dispatcher dispatcher) {
        if (abortQueued) {
            abortQueued = false;
            dispatcher.abortQueuedExecutes(channel);
        }
    }
}
