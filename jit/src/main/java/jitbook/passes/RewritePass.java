package jitbook.passes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Value;

/**
 * Applies a table of {@link RewriteRule}s, indexed by op kind, to every node (nested blocks
 * included, fusion groups not), in program order; the first rule that answers wins. A replaced
 * node is removed when it is pure and nothing reads it any more. Register one into a pipeline
 * with {@code PassPipeline.withCleanupPass} (to take part in the cleanup rounds) or
 * {@code withPassBefore}.
 */
public class RewritePass implements Pass {
    private final String name;
    private final Map<String, List<RewriteRule>> table = new LinkedHashMap<>();

    public RewritePass(String name, List<RewriteRule> rules) {
        this.name = name;
        for (RewriteRule r : rules) table.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
    }

    public RewritePass(String name, RewriteRule... rules) {
        this(name, List.of(rules));
    }

    @Override
    public String name() {
        return name;
    }

    /** The rules by the op kind they start at. */
    public Map<String, List<RewriteRule>> rules() {
        return table;
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        boolean changed = false;
        for (Node n : graph.allNodes()) {
            List<RewriteRule> rules = table.get(n.kind());
            if (rules == null || n.outputs().size() != 1 || !attached(n)) continue;
            if (n.owningBlock().owningNode() != null && n.owningBlock().owningNode().is(jitbook.ir.Prim.FUSION_GROUP)) continue;
            for (RewriteRule r : rules) {
                Value repl = r.apply(n, ctx);
                if (repl == null || repl == n.output()) continue;
                n.output().replaceAllUsesWith(repl);
                // The rule vouches that its replacement means the node, errors included (see RewriteRule).
                if (Effects.hasNoEffect(n)) n.destroy();
                changed = true;
                break;
            }
        }
        return changed;
    }

    /** Nodes removed earlier in this walk are skipped. */
    private static boolean attached(Node n) {
        return n.owningBlock().indexOf(n) >= 0;
    }
}
