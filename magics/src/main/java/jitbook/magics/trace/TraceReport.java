package jitbook.magics.trace;

import java.util.List;

import jitbook.ir.Graph;
import jitbook.magics.timing.Timing;
import jitbook.passes.PipelineRun;

/**
 * What {@code %%trace} (or {@code %%script}) produced, for rendering: the graph as recorded or
 * compiled, the optimizer's run pass by pass, warnings with their cell lines, timings.
 */
public final class TraceReport {
    /** A tracer warning placed in the cell: how the tensor escaped, the cell line (0 if unknown) and its text. */
    public record Warning(String how, int cellLine, String lineText, String message) {}

    public String title;
    public String boundName;
    public String boundType;
    public List<String> inputs = List.of();
    public List<String> attributes = List.of();
    public Graph graph;
    /** Null with --no-opt. */
    public PipelineRun optimization;
    public List<Warning> warnings = List.of();
    public Timing.Comparison timing;
    public double compileMillis;
    public String compileLabel = "trace";
    public double optimizeMillis = -1;
    public int checkedSets;
    public boolean noOpt;
    /** Notes shown under the title (e.g. functions bound by %%script). */
    public List<String> notes = List.of();
}
