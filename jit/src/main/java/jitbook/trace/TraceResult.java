package jitbook.trace;

import java.util.List;

import jitbook.ir.Graph;

/** What one trace produced: the graph, the warnings raised, and the eager output of the example run. */
public final class TraceResult {
    public final Graph graph;
    public final List<TracerWarning> warnings;
    public final Object eagerOutput;

    public TraceResult(Graph graph, List<TracerWarning> warnings, Object eagerOutput) {
        this.graph = graph;
        this.warnings = warnings;
        this.eagerOutput = eagerOutput;
    }
}
