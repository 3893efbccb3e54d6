package jitbook.examples.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jitbook.io.LoadOptions;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;

/**
 * The models loaded in this JVM (a Spark executor, or the driver in local mode), one per file
 * content, shared by every task thread: a loaded module is thread-safe, and its optimizer's plans
 * and fused kernels are built once instead of once per task. Keyed by the SHA-256 of the file's
 * bytes, so two jobs shipping the same model share it and a changed model is never mistaken for
 * the old one.
 */
final class ExecutorModels {
    private static final ConcurrentHashMap<String, ScriptModule> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /**
     * The model whose file has hash {@code sha256}; {@code bytes} is asked for only by the first
     * task that needs it. {@code name} (the file as the driver named it) is how errors name it.
     */
    static ScriptModule get(String sha256, String name, Supplier<byte[]> bytes) {
        return MODELS.computeIfAbsent(sha256, k -> load(k, name, bytes.get()));
    }

    private static ScriptModule load(String sha256, String name, byte[] bytes) {
        String actual = ModelFiles.sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("the model bytes this executor received hash to " + actual + ", not " + sha256);
        }
        try {
            ScriptModule m = Jit.load(new ByteArrayInputStream(bytes), name, LoadOptions.inference());
            LOADS.incrementAndGet();
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times this JVM has loaded a model (for tests: once per distinct model). */
    static int loads() {
        return LOADS.get();
    }
}
