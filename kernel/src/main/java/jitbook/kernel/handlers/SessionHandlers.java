package jitbook.kernel.handlers;

import com.google.gson.JsonObject;
import jitbook.kernel.KernelContext;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.kernel.wire.Json;
import jitbook.kernel.wire.WireMessage;

/**
 * Requests about the session rather than code: {@code history_request}, the comm messages,
 * {@code interrupt_request} and {@code shutdown_request}.
 */
public final class SessionHandlers {
    private SessionHandlers() {}

    public static Handler history(KernelContext ctx) {
        return (req, ch) -> ctx.history().reply(req.content());
    }

    public static Handler commInfo(KernelContext ctx) {
        return (req, ch) -> ctx.comms().info(req.content());
    }

    public static Handler commOpen(KernelContext ctx) {
        return (req, ch) -> {
            ctx.comms().open(req);
            return null;
        };
    }

    public static Handler commMsg(KernelContext ctx) {
        return (req, ch) -> {
            ctx.comms().message(req);
            return null;
        };
    }

    public static Handler commClose(KernelContext ctx) {
        return (req, ch) -> {
            ctx.comms().close(req);
            return null;
        };
    }

    /**
     * interrupt_request (control channel; the kernelspec says interrupt_mode "message"): stops
     * the running snippet, cancels a pending stdin read, and keeps the session.
     */
    public static Handler interrupt(KernelContext ctx) {
        return (req, ch) -> {
            ctx.stdin().cancel();
            JShellEvaluator ev = ctx.evaluatorIfReady();
            if (ev != null) {
                long cell = ev.cellSerial();
                ev.interrupt();
                ctx.iopub().schedule(() -> warnIfStillRunning(ctx, ev, cell), STILL_RUNNING_NOTICE_MILLIS);
            }
            JsonObject reply = new JsonObject();
            reply.addProperty("status", "ok");
            return reply;
        };
    }

    static final long STILL_RUNNING_NOTICE_MILLIS = 1500;

    /**
     * Runs on the IOPub thread. A snippet stops at its next stop check (Java 21+) or safepoint
     * (Java 17); code that never reaches one (a long native call, or on Java 21+ a long loop
     * inside library code rather than cell code) finishes first. Say so instead of leaving the
     * user staring at a busy kernel.
     */
    private static void warnIfStillRunning(KernelContext ctx, JShellEvaluator ev, long cell) {
        if (!ev.isRunning() || ev.cellSerial() != cell) return;
        JsonObject c = new JsonObject();
        c.addProperty("name", "stderr");
        c.addProperty("text", "[jitbook] the cell is still running after the interrupt: it is inside code that cannot be "
                + "stopped (a native call, or library code on Java 21+); it stops when that returns to cell code. "
                + "Restart the kernel to end it now.\n");
        ctx.iopub().sendNow(ctx.currentParent(), "stream", c);
    }

    /** shutdown_request: replies, then ends the process (the client restarts it if asked). */
    public static Handler shutdown(KernelContext ctx) {
        return new Handler() {
            @Override
            public JsonObject handle(WireMessage req, RequestChannel ch) {
                JsonObject reply = new JsonObject();
                reply.addProperty("status", "ok");
                reply.addProperty("restart", Json.bool(req.content(), "restart", false));
                return reply;
            }

            @Override
            public void afterIdle(WireMessage request, RequestChannel channel, Dispatcher dispatcher) {
                ctx.requestShutdown();
            }
        };
    }
}
