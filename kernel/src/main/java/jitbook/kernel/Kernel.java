package jitbook.kernel;

import com.google.gson.JsonObject;
import java.util.concurrent.CountDownLatch;
import jitbook.kernel.channels.Heartbeat;
import jitbook.kernel.channels.IopubPublisher;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.channels.StdinChannel;
import jitbook.kernel.display.DisplayRegistry;
import jitbook.kernel.display.KernelDisplaySink;
import jitbook.kernel.eval.DefaultImports;
import jitbook.kernel.eval.ExitVeto;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.kernel.handlers.CodeHandlers;
import jitbook.kernel.handlers.Dispatcher;
import jitbook.kernel.handlers.ExecuteHandler;
import jitbook.kernel.handlers.KernelInfoHandler;
import jitbook.kernel.handlers.SessionHandlers;
import jitbook.kernel.io.StdinStream;
import jitbook.kernel.io.StreamSet;
import jitbook.kernel.wire.ConnectionInfo;
import jitbook.kernel.wire.MessageSigner;
import jitbook.kernel.wire.WireCodec;
import jitbook.magics.display.Display;
import org.zeromq.ZContext;

/**
 * Wires the kernel together: binds the five sockets of the connection file, installs the
 * cell's stdout/stderr/stdin and display sink, starts the shell and control threads, and
 * starts the JShell session and warms the libraries ({@link LibraryWarmUp}) in the background,
 * so the kernel answers {@code kernel_info} while those warm up; the first cell waits for both. {@link #awaitShutdown} blocks until a
 * {@code shutdown_request} has been answered.
 */
public final class Kernel {
    /** Longest wait for the first request before warming up anyway. */
    static final long WARMUP_DEFER_MILLIS = 300;

    private final ZContext zmq = new ZContext(1);
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final KernelContext ctx;
    private final RequestChannel shell;
    private final RequestChannel control;
    private final StdinStream stdinStream;

    public Kernel(ConnectionInfo info) {
        WireCodec codec = new WireCodec(new MessageSigner(info.key()));
        IopubPublisher iopub = new IopubPublisher(zmq, info.endpoint(info.iopubPort()), codec);
        shell = new RequestChannel("shell", zmq, info.endpoint(info.shellPort()), codec);
        control = new RequestChannel("control", zmq, info.endpoint(info.controlPort()), codec);
        StdinChannel stdin = new StdinChannel(zmq, info.endpoint(info.stdinPort()), codec);
        new Heartbeat(zmq, info.endpoint(info.hbPort())).start();

        DisplayRegistry displays = new DisplayRegistry();
        ctx = new KernelContext(codec, iopub, stdin, displays, shutdown::countDown);
        StreamSet streams = new StreamSet(iopub, ctx::currentParent);
        iopub.setStreams(streams);
        streams.install();
        stdinStream = new StdinStream(ctx);
        System.setIn(stdinStream);
        Display.setSink(new KernelDisplaySink(displays, iopub, ctx::currentParent));
    }

    /** Starts serving. */
    public void start() {
        ctx.iopub().status(new JsonObject(), "starting");
        Dispatcher shellDispatcher = new Dispatcher(ctx)
                .on("kernel_info_request", new KernelInfoHandler())
                .on("execute_request", new ExecuteHandler(ctx, stdinStream))
                .on("complete_request", CodeHandlers.complete(ctx))
                .on("inspect_request", CodeHandlers.inspect(ctx))
                .on("is_complete_request", CodeHandlers.isComplete(ctx))
                .on("history_request", SessionHandlers.history(ctx))
                .on("comm_info_request", SessionHandlers.commInfo(ctx))
                .on("comm_open", SessionHandlers.commOpen(ctx))
                .on("comm_msg", SessionHandlers.commMsg(ctx))
                .on("comm_close", SessionHandlers.commClose(ctx))
                .on("shutdown_request", SessionHandlers.shutdown(ctx));
        Dispatcher controlDispatcher = new Dispatcher(ctx)
                .on("kernel_info_request", new KernelInfoHandler())
                .on("interrupt_request", SessionHandlers.interrupt(ctx))
                .on("shutdown_request", SessionHandlers.shutdown(ctx));
        installSigintHandler();
        if (!ExitVeto.active()) Runtime.getRuntime().addShutdownHook(new Thread(this::reportExitFromCell, "jitbook-exit-report"));
        shell.start(shellDispatcher);
        control.start(controlDispatcher);
        java.util.concurrent.CompletableFuture<Void> libraries = new java.util.concurrent.CompletableFuture<>();
        startInBackground("jitbook-library-warmup", () -> {
            ctx.awaitFirstRequest(WARMUP_DEFER_MILLIS);
            try {
                LibraryWarmUp.run();
            } finally {
                libraries.complete(null);
            }
        });
        startInBackground("jitbook-session-start", () -> {
            ctx.awaitFirstRequest(WARMUP_DEFER_MILLIS);
            startSession(libraries);
        });
    }

    /**
     * The kernelspec asks for interrupts as messages, but some front ends (or a user's kill -INT)
     * still send SIGINT: treat it as an interrupt of the running cell, not as "exit the JVM".
     */
    private void installSigintHandler() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                ctx.stdin().cancel();
                JShellEvaluator ev = ctx.evaluatorIfReady();
                if (ev != null) ev.interrupt();
            });
        } catch (RuntimeException | LinkageError e) {
            Log.warn("cannot handle SIGINT; only interrupt_request messages will interrupt", e);
        }
    }

    /**
     * Java 24+ cannot veto an exit (no SecurityManager): when something other than the kernel ends
     * the JVM, say so under the running cell before the process goes, so the front end's "kernel
     * died" comes with its reason.
     */
    private void reportExitFromCell() {
        if (ExitVeto.kernelExiting()) return;
        JsonObject c = new JsonObject();
        c.addProperty("name", "stderr");
        c.addProperty("text", "[jitbook] the cell called System.exit or Runtime.exit/halt: the kernel is ending (Java "
                + Runtime.version().feature() + " has no way to refuse an exit; Java 17-23 refuse it). Restart the kernel.\n");
        ctx.iopub().publish(ctx.currentParent(), "stream", c);
        ctx.iopub().sync();
    }

    /** Starts JShell; the session is ready once the libraries are warm too (see {@link LibraryWarmUp}). */
    private void startSession(java.util.concurrent.CompletableFuture<Void> libraries) {
        try {
            long t0 = System.nanoTime();
            JShellEvaluator ev = JShellEvaluator.start(DefaultImports.forClasspath());
            ev.warmUp();
            libraries.join();
            ctx.evaluatorReady(ev, null);
            Log.debug("JShell session ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (Throwable t) {
            Log.warn("JShell session failed to start", t);
            ctx.evaluatorReady(null, t);
        }
    }

    private static void startInBackground(String name, Runnable r) {
        Thread t = new Thread(() -> {
            Log.markInternalThread();
            r.run();
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Blocks until a shutdown request has been answered, then shuts ZeroMQ down in order: a
     * reply still queued in a socket is lost if the process just exits, so every socket is
     * closed by the thread that owns it and the context termination waits (up to the sockets'
     * linger) until queued messages are on the wire. A watchdog ends the process anyway if a
     * cell keeps the shell thread busy.
     */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_GRACE_MILLIS);
            } catch (InterruptedException ignored) {
                // fall through: halt anyway
            }
            ExitVeto.halt(0);
        }, "jitbook-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // No "dead" status: the server replays the last status after a restart, and ipykernel
        // publishes none either; a front end learns of the exit from the process and heartbeat.
        ctx.iopub().close();
        ctx.stdin().close();
        zmq.getContext().term(); // blocking recv()s get ETERM; their threads close their sockets
    }

    static final long SHUTDOWN_GRACE_MILLIS = 2000;
}
