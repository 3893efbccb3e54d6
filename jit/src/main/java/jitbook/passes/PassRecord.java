package jitbook.passes;

import java.util.ArrayList;
import java.util.List;

/**
 * What one pass did in one pipeline run: its name, whether it changed the graph, and the
 * printed graph afterwards (null when the pipeline does not record text). {@link #diff} shows
 * the lines it removed and added, for display.
 */
public final class PassRecord {
    public final String passName;
    public final boolean changed;
    public final String graphAfter;
    /** The printed graph before the pass (null when not recorded). */
    public final String graphBefore;

    PassRecord(String passName, boolean changed, String graphBefore, String graphAfter) {
        this.passName = passName;
        this.changed = changed;
        this.graphBefore = graphBefore;
        this.graphAfter = graphAfter;
    }

    /** Lines removed ({@code - }) and added ({@code + }) by this pass, in order; empty if unchanged or not recorded. */
    public String diff() {
        if (!changed || graphBefore == null || graphAfter == null) return "";
        return lineDiff(graphBefore, graphAfter);
    }

    /** A minimal line diff (longest common subsequence), lines prefixed {@code "- "} or {@code "+ "}. */
    static String lineDiff(String before, String after) {
        String[] a = before.split("\n");
        String[] b = after.split("\n");
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + b[j++]);
            } else {
                out.add("- " + a[i++]);
            }
        }
        return String.join("\n", out);
    }

    @Override
    public String toString() {
        return passName + (changed ? " (changed)" : " (no change)");
    }
}
