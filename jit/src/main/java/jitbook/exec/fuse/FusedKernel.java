package jitbook.exec.fuse;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

import jitbook.exec.Cancellation;
import jitbook.ops.DType;
import jitbook.ops.ParallelChunks;

/**
 * One compiled fused loop: the generated source (for display), its signature, and the class
 * Janino compiled from it in memory. Compiled classes are cached process-wide by signature (the
 * source without its comments: ops, constants, dtypes, 0-d-ness and layouts), so a second graph,
 * plan or thread with the same group pays nothing. Large calls are split into chunks run on the
 * common fork/join pool, the calling thread taking chunks too; cancellation (the caller's
 * interrupt) is checked between chunks.
 */
public final class FusedKernel {
    /** Calls with at least this many elements run in parallel chunks (below it, one thread: no hand-off cost). */
    static final int PARALLEL_MIN = 1 << 18;
    /** Elements per parallel chunk (64K: about 30-100 us of work, fine-grained enough to balance and to cancel). */
    static final int CHUNK = 1 << 16;

    private static final Map<String, Object> COMPILED = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String source;
    private final String signature;
    private final KernelBody body;
    final DType[] outDtypes;

    private FusedKernel(String source, String signature, KernelBody body, DType[] outDtypes) {
        this.source = source;
        this.signature = signature;
        this.body = body;
        this.outDtypes = outDtypes;
    }

    /** The generated Java source, with comments naming the IR node each loop comes from. */
    public String source() {
        return source;
    }

    /** The cache key: the source without comments. */
    public String signature() {
        return signature;
    }

    /** How many distinct kernels this process has compiled. */
    public static int compiledCount() {
        return COMPILED.size();
    }

    /** Compiles (or finds) the kernel for a generated source; throws {@link CompileException} wrapped if Janino refuses it. */
    static FusedKernel compile(KernelSource.Spec spec) {
        Object entry = COMPILED.computeIfAbsent(spec.signature, sig -> {
            String simple = "Fused" + NAMES.incrementAndGet();
            String code = spec.source.replace(KernelSource.CLASS_PLACEHOLDER, simple);
            try {
                SimpleCompiler c = new SimpleCompiler();
                c.setParentClassLoader(KernelBody.class.getClassLoader());
                c.cook(code);
                Class<?> k = c.getClassLoader().loadClass("jitbook.exec.fuse.gen." + simple);
                return new Compiled(simple, (KernelBody) k.getDeclaredConstructor().newInstance());
            } catch (CompileException | ReflectiveOperationException | RuntimeException | LinkageError e) {
                return "the generated code did not compile: " + e;
            }
        });
        if (entry instanceof String) throw new IllegalStateException((String) entry);
        Compiled c = (Compiled) entry;
        return new FusedKernel(spec.source.replace(KernelSource.CLASS_PLACEHOLDER, c.name), spec.signature, c.body, spec.outDtypes);
    }

    private static final class Compiled {
        final String name;
        final KernelBody body;

        Compiled(String name, KernelBody body) {
            this.name = name;
            this.body = body;
        }
    }

    /** Runs the kernel over {@code n} elements, in parallel chunks when large. */
    void execute(Object[] in, double[] scalars, Object[] out, int n, int inner) {
        Cancellation.check();
        if (n < PARALLEL_MIN) {
            body.run(in, scalars, out, 0, n, inner);
            return;
        }
        Thread caller = Thread.currentThread();
        ParallelChunks.run(n, CHUNK, (lo, hi) -> body.run(in, scalars, out, lo, hi, inner), caller::isInterrupted);
        if (caller.isInterrupted()) throw new CancellationException("interrupted");
    }
}
