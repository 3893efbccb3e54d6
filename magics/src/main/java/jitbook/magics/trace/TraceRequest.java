package jitbook.magics.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.tensor.Tensor;

/** What {@code %%trace} asks {@link TraceCell} to do, handed to the cell's snippet through {@link jitbook.magics.Handoff}. */
public final class TraceRequest {
    public final String name;
    public final List<String> inputNames;
    /** Session tensors (and modules) the cell reads that are not inputs: they become attributes. */
    public final Map<String, Object> captured = new LinkedHashMap<>();
    public final List<Tensor[]> checkSets = new ArrayList<>();
    public final boolean strict;
    public final boolean noOpt;
    /** Timed runs of each side; 0 chooses by time. */
    public final int runs;
    /** The cell's lines (line 1 is the magic line), for warnings. */
    public final String[] cellLines;
    /** The cell line of the magic's header, where the generated code calls {@link TraceCell#mark}. */
    public final int headerLine;

    public TraceRequest(String name, List<String> inputNames, boolean strict, boolean noOpt, int runs, String cell, int headerLine) {
        this.headerLine = headerLine;
        this.name = name;
        this.inputNames = List.copyOf(inputNames);
        this.strict = strict;
        this.noOpt = noOpt;
        this.runs = runs;
        this.cellLines = cell.split("\n", -1);
    }
}
