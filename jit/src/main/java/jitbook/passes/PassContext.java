package jitbook.passes;

import java.util.function.Function;

import jitbook.ir.Graph;

/**
 * What passes may know beyond the graph: how to find the graph of a called function (for
 * inlining) and the limits that keep unrolling and folding from blowing a graph up.
 * Immutable; the {@code with...} methods return modified copies.
 */
public final class PassContext {
    /** No callee graphs; default limits. */
    public static final PassContext DEFAULT = new PassContext(name -> null, 8, 4, 64, 1 << 16);

    private final Function<String, Graph> functions;
    /** Loops with a constant trip count up to this are unrolled completely. */
    public final int maxFullUnrollTrips;
    /** Other counted loops are unrolled by this factor (1 disables partial unrolling). */
    public final int unrollFactor;
    /** Loop bodies with more nodes than this are never unrolled. */
    public final int maxUnrollBodyNodes;
    /** Constant folding leaves results with more elements than this to run time. */
    public final int maxFoldedElements;

    private PassContext(Function<String, Graph> functions, int maxFullUnrollTrips, int unrollFactor,
                        int maxUnrollBodyNodes, int maxFoldedElements) {
        this.functions = functions;
        this.maxFullUnrollTrips = maxFullUnrollTrips;
        this.unrollFactor = unrollFactor;
        this.maxUnrollBodyNodes = maxUnrollBodyNodes;
        this.maxFoldedElements = maxFoldedElements;
    }

    /** The graph of the function {@code prim::CallFunction[name=...]} calls, or null if unknown. */
    public Graph function(String name) {
        return functions.apply(name);
    }

    public PassContext withFunctions(Function<String, Graph> f) {
        return new PassContext(f, maxFullUnrollTrips, unrollFactor, maxUnrollBodyNodes, maxFoldedElements);
    }

    public PassContext withUnrolling(int maxFullTrips, int factor, int maxBodyNodes) {
        return new PassContext(functions, maxFullTrips, factor, maxBodyNodes, maxFoldedElements);
    }

    public PassContext withMaxFoldedElements(int n) {
        return new PassContext(functions, maxFullUnrollTrips, unrollFactor, maxUnrollBodyNodes, n);
    }
}
