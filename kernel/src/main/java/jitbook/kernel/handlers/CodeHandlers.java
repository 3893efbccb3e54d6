package jitbook.kernel.handlers;

import com.google.gson.JsonObject;
import jitbook.kernel.KernelContext;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.kernel.magic.LineMagics;
import jitbook.kernel.wire.Json;
import jitbook.kernel.wire.WireMessage;

/**
 * The requests about code that is not run: {@code complete_request},
 * {@code inspect_request} and {@code is_complete_request}, answered by JShell's
 * {@link jdk.jshell.SourceCodeAnalysis}. Jupyter counts cursor positions in Unicode code
 * points; Java strings index UTF-16 units, so positions are converted both ways.
 */
public final class CodeHandlers {
    private CodeHandlers() {}

    /** complete_request: matches and the range they replace. */
    public static Handler complete(KernelContext ctx) {
        return (WireMessage req, RequestChannel ch) -> {
            String code = Json.str(req.content(), "code", "");
            int cursor = toUtf16(code, Json.integer(req.content(), "cursor_pos", code.codePointCount(0, code.length())));
            JShellEvaluator.Completions c = LineMagics.complete(code, cursor);
            if (c == null) c = ctx.evaluator().complete(code, cursor);
            JsonObject reply = new JsonObject();
            reply.addProperty("status", "ok");
            reply.add("matches", Json.strings(c.matches()));
            reply.addProperty("cursor_start", code.codePointCount(0, c.start()));
            reply.addProperty("cursor_end", code.codePointCount(0, c.end()));
            reply.add("metadata", new JsonObject());
            return reply;
        };
    }

    /** inspect_request: signatures and Javadoc as text/plain. */
    public static Handler inspect(KernelContext ctx) {
        return (WireMessage req, RequestChannel ch) -> {
            String code = Json.str(req.content(), "code", "");
            int cursor = toUtf16(code, Json.integer(req.content(), "cursor_pos", code.codePointCount(0, code.length())));
            String doc = ctx.evaluator().inspect(code, cursor);
            JsonObject reply = new JsonObject();
            reply.addProperty("status", "ok");
            reply.addProperty("found", !doc.isEmpty());
            JsonObject data = new JsonObject();
            if (!doc.isEmpty()) data.addProperty("text/plain", doc);
            reply.add("data", data);
            reply.add("metadata", new JsonObject());
            return reply;
        };
    }

    /** is_complete_request: complete, incomplete (with an indent) or invalid. */
    public static Handler isComplete(KernelContext ctx) {
        return (WireMessage req, RequestChannel ch) -> {
            String code = Json.str(req.content(), "code", "");
            String status = code.stripLeading().startsWith("%") ? "complete" : ctx.evaluator().isComplete(code);
            JsonObject reply = new JsonObject();
            reply.addProperty("status", status);
            if (status.equals("incomplete")) {
                int depth = jitbook.kernel.eval.JavaSource.openDepth(code);
                reply.addProperty("indent", "    ".repeat(Math.max(depth, 0)));
            }
            return reply;
        };
    }

    static int toUtf16(String s, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, s.codePointCount(0, s.length())));
        return s.offsetByCodePoints(0, cp);
    }

}
