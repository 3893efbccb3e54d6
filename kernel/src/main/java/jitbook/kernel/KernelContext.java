package jitbook.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jitbook.kernel.channels.IopubPublisher;
import jitbook.kernel.channels.StdinChannel;
import jitbook.kernel.display.DisplayRegistry;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.kernel.handlers.CommManager;
import jitbook.kernel.handlers.History;
import jitbook.kernel.io.StdinStream;
import jitbook.kernel.magic.ClasspathMagic;
import jitbook.kernel.magic.MavenMagic;
import jitbook.kernel.magic.SessionClasspath;
import jitbook.kernel.wire.WireCodec;
import jitbook.kernel.wire.WireMessage;
import jitbook.magics.MagicRegistry;

/**
 * State shared by the request handlers: the channels they publish on, the JShell session
 * (started in the background, so the kernel answers {@code kernel_info} before it is ready),
 * the execution counter and history, and the execute request currently running, whose header
 * is the parent of every stream and display message until the next one starts.
 */
public final class KernelContext implements StdinStream.LineSource {
    private final WireCodec codec;
    private final IopubPublisher iopub;
    private final StdinChannel stdin;
    private final DisplayRegistry displays;
    private final CompletableFuture<JShellEvaluator> evaluator = new CompletableFuture<>();
    private final History history = new History();
    private final CommManager comms;
    /** The magics module's registry plus the kernel's own %classpath and %maven: runs, lists and completes them all. */
    private final MagicRegistry magics;
    private final Runnable shutdown;
    private volatile WireMessage currentRequest;
    private volatile boolean allowStdin;
    private int executionCount; // shell thread only
    private final java.util.concurrent.CountDownLatch firstRequestServed = new java.util.concurrent.CountDownLatch(1);

    public KernelContext(WireCodec codec, IopubPublisher iopub, StdinChannel stdin, DisplayRegistry displays,
                         Runnable shutdown) {
        this.codec = codec;
        this.iopub = iopub;
        this.stdin = stdin;
        this.displays = displays;
        this.shutdown = shutdown;
        this.comms = new CommManager(iopub);
        SessionClasspath classpath = new SessionClasspath(this::evaluator);
        this.magics = MagicRegistry.load().register(new ClasspathMagic(classpath)).register(new MavenMagic(classpath));
    }

    public WireCodec codec() { return codec; }
    public IopubPublisher iopub() { return iopub; }
    public StdinChannel stdin() { return stdin; }
    public DisplayRegistry displays() { return displays; }
    public History history() { return history; }
    public CommManager comms() { return comms; }
    public MagicRegistry magics() { return magics; }

    /** Called once the session has started (or failed to). */
    public void evaluatorReady(JShellEvaluator ev, Throwable failure) {
        if (failure != null) evaluator.completeExceptionally(failure);
        else evaluator.complete(ev);
    }

    /** The JShell session, waiting for start-up to finish if needed. */
    public JShellEvaluator evaluator() {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the session was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the JShell session failed to start: " + e.getCause(), e.getCause());
        }
    }

    /** The session if it is up, else null (never waits). */
    public JShellEvaluator evaluatorIfReady() {
        return evaluator.getNow(null);
    }

    public int executionCount() { return executionCount; }
    public int nextExecutionCount() { return ++executionCount; }

    public void setCurrentRequest(WireMessage request, boolean allowStdin) {
        this.currentRequest = request;
        this.allowStdin = allowStdin;
    }

    /** Parent header for output produced now: the running (or last) execute request. */
    public JsonObject currentParent() {
        WireMessage r = currentRequest;
        return r == null ? new JsonObject() : r.header();
    }

    /** Reads a line for System.in through the front end, if the running request allows it. */
    @Override
    public String readLine(String prompt, boolean password) throws IOException {
        WireMessage r = currentRequest;
        if (r == null || !allowStdin) {
            throw new IOException("reading System.in is not supported by this front end (allow_stdin is false)");
        }
        iopub.sync(); // a prompt printed with System.out.print must show before the input box
        return stdin.request(r, prompt, password);
    }

    /** Called after every request; the first one releases the deferred warm-ups. */
    public void requestServed() {
        firstRequestServed.countDown();
    }

    /**
     * Waits until the first request was answered, or {@code millis} passed: heavy warm-ups
     * (JShell, ND4J) would otherwise compete for the CPU with the front end's first
     * {@code kernel_info_request}, which is what it waits on to call the kernel alive.
     */
    public void awaitFirstRequest(long millis) {
        try {
            firstRequestServed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void requestShutdown() {
        shutdown.run();
    }
}
