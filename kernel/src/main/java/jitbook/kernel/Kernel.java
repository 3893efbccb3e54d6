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
 * starts the JShell session (and ND4J) in the background, so the kernel answers
 * {@code kernel_info} while those warm up. {@link #awaitShutdown} blocks until a
 * {@code shutdown_request} has been answered.
 */
public final class Kernel {
    /** Class whose initialisation loads ND4J's native backend (0.5-0.7 s): done off the critical path. */
    static final String ND4J_CLASS = "org.nd4j.linalg.factory.Nd4j";

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
        shell.start(shellDispatcher);
        control.start(controlDispatcher);
        startInBackground("jitbook-nd4j-warmup", () -> {
            ctx.awaitFirstRequest(WARMUP_DEFER_MILLIS);
            warmUpNd4j();
        });
        startInBackground("jitbook-session-start", () -> {
            ctx.awaitFirstRequest(WARMUP_DEFER_MILLIS);
            startSession();
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

    private void startSession() {
        try {
            long t0 = System.nanoTime();
            JShellEvaluator ev = JShellEvaluator.start(DefaultImports.forClasspath());
            ev.warmUp();
            ctx.evaluatorReady(ev, null);
            Log.debug("JShell session ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (Throwable t) {
            Log.warn("JShell session failed to start", t);
            ctx.evaluatorReady(null, t);
        }
    }

    /** Loads and initialises ND4J if it is on the class path, so the first tensor op is fast. */
    static void warmUpNd4j() {
        try {
            Class<?> nd4j = Class.forName(ND4J_CLASS, true, ClassLoader.getSystemClassLoader());
            nd4j.getMethod("getBackend").invoke(null);
        } catch (ClassNotFoundException e) {
            Log.debug("ND4J not on the class path; no warm-up");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Log.warn("ND4J warm-up failed", e);
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
            Runtime.getRuntime().halt(0);
        }, "jitbook-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        ctx.iopub().status(new JsonObject(), "dead");
        ctx.iopub().close();
        ctx.stdin().close();
        zmq.getContext().term(); // blocking recv()s get ETERM; their threads close their sockets
    }

    static final long SHUTDOWN_GRACE_MILLIS = 2000;
}
