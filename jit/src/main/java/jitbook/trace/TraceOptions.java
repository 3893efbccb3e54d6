package jitbook.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import jitbook.tensor.Tensor;

/**
 * Options for tracing, passed before the example inputs: {@link #strict()} turns tracer
 * warnings into errors; {@link #checkInputs} re-traces with other inputs and compares;
 * {@link #inputNames} names the graph's inputs.
 */
public final class TraceOptions {
    private boolean strict;
    private final List<Tensor[]> checkInputs = new ArrayList<>();
    private List<String> inputNames = Collections.emptyList();
    private double checkTolerance = 1e-5;

    public static TraceOptions defaults() {
        return new TraceOptions();
    }

    public static TraceOptions strict() {
        return new TraceOptions().setStrict(true);
    }

    /** Re-trace with these inputs and compare the graphs and the outputs with eager runs. */
    public static TraceOptions checkInputs(Tensor[]... inputSets) {
        TraceOptions o = new TraceOptions();
        return o.addCheckInputs(inputSets);
    }

    public TraceOptions setStrict(boolean on) {
        this.strict = on;
        return this;
    }

    public TraceOptions addCheckInputs(Tensor[]... inputSets) {
        checkInputs.addAll(Arrays.asList(inputSets));
        return this;
    }

    /** A single-input shorthand: each tensor is one check input set. */
    public TraceOptions addCheckInput(Tensor... singleInputs) {
        for (Tensor t : singleInputs) checkInputs.add(new Tensor[] {t});
        return this;
    }

    public TraceOptions inputNames(String... names) {
        this.inputNames = Arrays.asList(names);
        return this;
    }

    public TraceOptions checkTolerance(double tol) {
        this.checkTolerance = tol;
        return this;
    }

    public boolean isStrict() {
        return strict;
    }

    public List<Tensor[]> checkInputSets() {
        return Collections.unmodifiableList(checkInputs);
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public double checkTolerance() {
        return checkTolerance;
    }
}
