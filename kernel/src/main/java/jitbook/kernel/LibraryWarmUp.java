package jitbook.kernel;

import jitbook.exec.fuse.VectorMath;
import jitbook.jit.Jit;
import jitbook.tensor.Tensors;

/**
 * Initializes the libraries cells use (ND4J's native backend, the op registry, the tensor
 * kernels, the Vector API math, the script compiler with javac and the fused-kernel compiler) on
 * a kernel thread before the first cell can run. Besides making the first tensor cell fast, this
 * is what keeps an interrupt from breaking the session: on Java 17 JShell stops a cell with
 * {@code ThreadGroup.stop}, and a stop landing inside a class initializer marks that class
 * unusable for the life of the JVM (every later use fails with "NoClassDefFoundError: Could not
 * initialize class ..."). Classes initialized here, on a thread no interrupt stops, are safe.
 */
final class LibraryWarmUp {
    /** Class whose initialisation loads ND4J's native backend (0.5-0.7 s). */
    static final String ND4J_CLASS = "org.nd4j.linalg.factory.Nd4j";

    private LibraryWarmUp() {}

    static void run() {
        long t0 = System.nanoTime();
        warmUpNd4j();
        try {
            VectorMath.active();
            Tensors.randn(3).tanh().exp().sum().item();
            Jit.script("Tensor jitbookWarmUp(Tensor x) { return x.mul(2.0).add(1.0).tanh().exp(); }")
                    .call(Tensors.randn(16));
        } catch (RuntimeException | LinkageError e) {
            Log.warn("library warm-up failed", e);
        }
        Log.debug("libraries warm in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** Loads and initialises ND4J if it is on the class path. */
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
}
