package jitbook.passes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jitbook.ir.Graph;

/** The outcome of running a {@link PassPipeline}: the optimized graph and one record per pass run. */
public final class PipelineRun {
    private final Graph graph;
    private final String input;
    private final List<PassRecord> records;

    PipelineRun(Graph graph, String input, List<PassRecord> records) {
        this.graph = graph;
        this.input = input;
        this.records = Collections.unmodifiableList(new ArrayList<>(records));
    }

    public Graph graph() {
        return graph;
    }

    /** The printed graph before the first pass (null when not recorded). */
    public String input() {
        return input;
    }

    public List<PassRecord> records() {
        return records;
    }

    /** The records of the passes that changed the graph, in order. */
    public List<PassRecord> changes() {
        List<PassRecord> out = new ArrayList<>();
        for (PassRecord r : records) {
            if (r.changed) out.add(r);
        }
        return out;
    }

    /** A text report: each pass that changed something, with the lines it removed and added. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (PassRecord r : records) {
            if (!r.changed) continue;
            sb.append("== ").append(r.passName).append('\n');
            String d = r.diff();
            if (!d.isEmpty()) sb.append(d).append('\n');
        }
        return sb.length() == 0 ? "(no pass changed the graph)\n" : sb.toString();
    }
}
