package jitbook.kernel.handlers;

import jitbook.magics.JavaText;
import com.google.gson.JsonObject;
import jitbook.kernel.KernelContext;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.eval.JShellEvaluator;
import com.google.gson.JsonArray;
import jitbook.kernel.magic.KernelSession;
import jitbook.kernel.magic.MagicCompletion;
import jitbook.kernel.wire.Json;
import jitbook.kernel.wire.WireMessage;
import jitbook.magics.MagicRegistry;

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
            JShellEvaluator ev = ctx.evaluator();
            JShellEvaluator.Completions c = MagicCompletion.complete(ctx.magics(), code, cursor,
                    new KernelSession(ev, ctx.executionCount()));
            if (c == null) c = ev.complete(MagicCompletion.javaPart(ctx.magics(), code), cursor);
            JsonObject reply = new JsonObject();
            reply.addProperty("status", "ok");
            reply.add("matches", Json.strings(c.matches()));
            int start = code.codePointCount(0, c.start());
            int end = code.codePointCount(0, c.end());
            reply.addProperty("cursor_start", start);
            reply.addProperty("cursor_end", end);
            // JupyterLab and Notebook 7 show these as icons beside the matches.
            JsonArray types = new JsonArray();
            for (int i = 0; i < c.matches().size(); i++) {
                JsonObject t = new JsonObject();
                t.addProperty("start", start);
                t.addProperty("end", end);
                t.addProperty("text", c.matches().get(i));
                t.addProperty("type", c.kinds().get(i));
                types.add(t);
            }
            JsonObject metadata = new JsonObject();
            metadata.add("_jupyter_types_experimental", types);
            reply.add("metadata", metadata);
            return reply;
        };
    }

    /** inspect_request: signatures and Javadoc as text/plain. */
    public static Handler inspect(KernelContext ctx) {
        return (WireMessage req, RequestChannel ch) -> {
            String code = Json.str(req.content(), "code", "");
            int cursor = toUtf16(code, Json.integer(req.content(), "cursor_pos", code.codePointCount(0, code.length())));
            String doc = Inspection.inspect(ctx.evaluator(), ctx.magics(), ctx.executionCount(), code, cursor);
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
            String status = MagicRegistry.startsWithMagic(code) ? magicCompleteness(code) : ctx.evaluator().isComplete(code);
            JsonObject reply = new JsonObject();
            reply.addProperty("status", status);
            if (status.equals("incomplete")) {
                int depth = JavaText.openDepth(code);
                reply.addProperty("indent", "    ".repeat(Math.max(depth, 0)));
            }
            return reply;
        };
    }

    /**
     * A cell magic with no body yet is incomplete, as IPython says of {@code %%time} alone (a
     * console would otherwise run the empty cell); line magics are complete.
     */
    static String magicCompleteness(String code) {
        String stripped = code.stripLeading();
        if (!stripped.startsWith("%%")) return "complete";
        int nl = stripped.indexOf('\n');
        return nl < 0 || stripped.substring(nl + 1).isBlank() ? "incomplete" : "complete";
    }

    static int toUtf16(String s, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, s.codePointCount(0, s.length())));
        return s.offsetByCodePoints(0, cp);
    }

}
