package jitbook.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import jitbook.ops.Gemm;

/**
 * Waits, before a trial, until the Vector API kernels have taken over from their scalar twins
 * (docs/ARCHITECTURE.md, "Dense math": 5-15 s after they load on a loaded 2-core machine, longer
 * than JMH's short warm-up), so that the dense-math benchmarks measure the steady state;
 * ColdStartBench measures the time before. Prints which kernels run as a {@code [vector-kernels]}
 * line in the fork's log.
 */
@State(Scope.Benchmark)
public class SteadyState {
    @Setup(Level.Trial)
    public void awaitVectorKernels() throws InterruptedException {
        await();
    }

    /** The same wait, for classes that call it from their own set-up. */
    public static void await() throws InterruptedException {
        boolean ok = Gemm.awaitVectorKernels(120_000);
        System.out.println("[vector-kernels] " + Gemm.vectorKernelState() + (ok ? "" : " (gave up waiting after 120 s)"));
    }
}
