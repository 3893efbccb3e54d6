package jitbook.passes;

import java.util.function.Predicate;

import jitbook.ir.Graph;

/**
 * One graph transformation. A pass rewrites the graph in place through the IR's own API
 * ({@code Block.append/insertBefore}, {@code Node.destroy}, {@code Value.replaceAllUsesWith} ...)
 * and says whether it changed anything, so pipelines can iterate to a fixed point and show which
 * pass did what. Writing one in a notebook cell is a lambda:
 *
 * <pre>{@code
 * Pass dropPrints = Pass.of("drop-prints", g -> {
 *     boolean changed = false;
 *     for (Node n : g.allNodes()) if (n.kind().equals("prim::Print")) { n.destroy(); changed = true; }
 *     return changed;
 * });
 * }</pre>
 */
public interface Pass {
    /** A short stable name (shown in pipeline records, used by {@link PassPipeline#of(String...)}). */
    String name();

    /** Rewrites {@code graph} in place; returns whether anything changed. */
    boolean run(Graph graph, PassContext context);

    default boolean run(Graph graph) {
        return run(graph, PassContext.DEFAULT);
    }

    /** A pass from a name and a function (the easy way to write one). */
    static Pass of(String name, Predicate<Graph> body) {
        return new Pass() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean run(Graph graph, PassContext context) {
                return body.test(graph);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
