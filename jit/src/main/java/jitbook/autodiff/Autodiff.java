package jitbook.autodiff;

import jitbook.ir.Graph;
import jitbook.ir.Verifier;

/**
 * Reverse-mode differentiation of graphs (see the package documentation for the design).
 * {@link #differentiate} leaves its argument untouched: the forward graph it returns is a copy,
 * extended with the outputs the backward graph reads.
 */
public final class Autodiff {
    private Autodiff() {
    }

    /**
     * Differentiates {@code graph} with respect to the inputs flagged in {@code inputRequiresGrad}
     * (one flag per graph input). Both resulting graphs are verified.
     */
    public static Gradient differentiate(Graph graph, boolean[] inputRequiresGrad) {
        if (inputRequiresGrad.length != graph.inputs().size()) {
            throw new IllegalArgumentException("one requiresGrad flag per graph input: got " + inputRequiresGrad.length
                    + " for " + graph.inputs().size() + " inputs");
        }
        Graph forward = graph.copy();
        UnmodifiableCopies.unwrap(forward);
        AggregateLowering.run(forward);
        Gradient g = new Differentiator(forward).run(inputRequiresGrad);
        Verifier.verify(g.forward());
        Verifier.verify(g.backward());
        return g;
    }
}
