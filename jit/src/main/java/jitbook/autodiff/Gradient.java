package jitbook.autodiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jitbook.ir.Graph;

/**
 * The result of differentiating a graph: a forward graph that computes the original outputs and
 * then the values its backward needs ("saved"), and a backward graph that takes one gradient per
 * differentiable output followed by the saved values and returns one gradient per input that
 * requires grad (a None constant where nothing reaches it). Both are ordinary IR.
 */
public final class Gradient {
    private final Graph forward;
    private final Graph backward;
    private final int outputCount;
    private final List<int[]> slots;
    private final int[] gradInputs;

    Gradient(Graph forward, Graph backward, int outputCount, List<int[]> slots, int[] gradInputs) {
        this.forward = forward;
        this.backward = backward;
        this.outputCount = outputCount;
        List<int[]> copy = new ArrayList<>();
        for (int[] s : slots) copy.add(s.clone());
        this.slots = Collections.unmodifiableList(copy);
        this.gradInputs = gradInputs.clone();
    }

    /** Same inputs as the original graph; outputs: the original ones, then the saved values. */
    public Graph forward() {
        return forward;
    }

    /** Inputs: gradients of the differentiable slots, then the saved values; outputs: gradients of {@link #gradInputs()}. */
    public Graph backward() {
        return backward;
    }

    /** How many of the forward graph's outputs are the original graph's. */
    public int outputCount() {
        return outputCount;
    }

    public int savedCount() {
        return forward.outputs().size() - outputCount;
    }

    /** Whether original output {@code i} (or a tensor in it) takes a gradient. */
    public boolean isDifferentiableOutput(int i) {
        for (int[] s : slots) if (s[0] == i) return true;
        return false;
    }

    /**
     * The tensors that take a gradient, in the order of the backward graph's gradient inputs:
     * {@code {output, -1}} for a tensor output, {@code {output, k}} for element k of a tuple or
     * list output (a record's component, an element of {@code List.of(a, b)}).
     */
    public List<int[]> differentiableSlots() {
        return slots;
    }

    public int differentiableOutputCount() {
        return slots.size();
    }

    /** Indices of the forward inputs whose gradients the backward graph returns, in order. */
    public List<Integer> gradInputs() {
        List<Integer> l = new ArrayList<>();
        for (int i : gradInputs) l.add(i);
        return Collections.unmodifiableList(l);
    }

    @Override
    public String toString() {
        return "forward (" + outputCount + " outputs + " + savedCount() + " saved):\n" + forward + "backward:\n" + backward;
    }
}
