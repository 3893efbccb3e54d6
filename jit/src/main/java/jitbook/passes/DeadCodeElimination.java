package jitbook.passes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;

/**
 * Removes what cannot affect the graph's results or effects. Mark and sweep: the roots are the
 * graph's returns and every node with an effect (prints, attribute writes, raises, calls,
 * RANDOM and SIDE_EFFECT ops, anything unknown); liveness flows from a node to its inputs, from
 * an If/Loop output to the values its blocks return for it, and from a live container to every
 * node that mutates it (a list append is kept exactly while the list is observed). Unused
 * If outputs and loop-carried values are removed along with the code computing them. Linear in
 * the graph's size (block returns are tracked per value, so no search for them).
 */
public final class DeadCodeElimination implements Pass {
    @Override
    public String name() {
        return "dce";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        return new Run(graph).go();
    }

    private static final class Run {
        final Graph graph;
        final AliasAnalysis alias;
        final Set<Node> liveNodes = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<Value> liveValues = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<Object> liveSets = Collections.newSetFromMap(new IdentityHashMap<>());
        final Deque<Object> work = new ArrayDeque<>();
        boolean changed;

        Run(Graph graph) {
            this.graph = graph;
            this.alias = AliasAnalysis.of(graph);
        }

        boolean go() {
            for (Value r : graph.outputs()) value(r);
            for (Node n : graph.allNodes()) {
                int m = Effects.mutatedInput(n);
                if (m >= 0) {
                    if (m >= n.inputs().size() || alias.escapes(n.input(m))) node(n);
                } else if (!Effects.isRemovable(n)) {
                    node(n);
                }
            }
            while (!work.isEmpty()) {
                Object o = work.pop();
                if (o instanceof Node) visitNode((Node) o); else visitValue((Value) o);
            }
            sweep(graph.block());
            return changed;
        }

        void value(Value v) {
            if (liveValues.add(v)) work.push(v);
        }

        void node(Node n) {
            if (liveNodes.add(n)) work.push(n);
        }

        void visitValue(Value v) {
            Node p = v.producer();
            if (p != null) {
                node(p);
                int i = p.outputs().indexOf(v);
                if (p.is(Prim.IF)) {
                    for (Block b : p.blocks()) value(b.returns().get(i));
                } else if (p.is(Prim.LOOP)) {
                    value(p.input(i + 2));
                    value(p.blocks().get(0).returns().get(i + 1));
                } else if (p.is(Prim.FUSION_GROUP)) {
                    value(p.blocks().get(0).returns().get(i));
                }
            } else if (v.paramOf() != null && v.paramOf().owningNode() != null) {
                Block b = v.paramOf();
                Node owner = b.owningNode();
                int i = b.params().indexOf(v);
                node(owner);
                if (owner.is(Prim.LOOP) && i > 0) {
                    value(owner.input(i + 1));
                    value(b.returns().get(i));
                } else if (owner.is(Prim.FUSION_GROUP)) {
                    value(owner.input(i));
                }
            }
            if (Effects.isMutableType(v.type()) && liveSets.add(alias.setKey(v))) {
                for (Node m : alias.mutatorsOf(v)) node(m);
            }
        }

        void visitNode(Node n) {
            if (n.is(Prim.IF)) {
                value(n.input(0));
            } else if (n.is(Prim.LOOP)) {
                value(n.input(0));
                value(n.input(1));
                value(n.blocks().get(0).returns().get(0));
            } else if (!n.is(Prim.FUSION_GROUP)) {
                for (Value in : n.inputs()) value(in);
            }
            Node owner = n.owningBlock().owningNode();
            if (owner != null) node(owner);
        }

        void sweep(Block b) {
            List<Node> nodes = new ArrayList<>(b.nodes());
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Node n = nodes.get(i);
                if (!liveNodes.contains(n)) {
                    n.destroy();
                    changed = true;
                    continue;
                }
                if (n.is(Prim.IF)) {
                    sweepIf(n);
                } else if (n.is(Prim.LOOP)) {
                    sweepLoop(n);
                } else if (n.is(Prim.FUSION_GROUP)) {
                    sweepGroup(n);
                } else {
                    for (Block inner : n.blocks()) sweep(inner);
                }
            }
        }

        void sweepIf(Node n) {
            for (int i = n.outputs().size() - 1; i >= 0; i--) {
                if (liveValues.contains(n.outputs().get(i))) continue;
                for (Block b : n.blocks()) b.removeReturn(i);
                n.eraseOutput(i);
                changed = true;
            }
            for (Block b : n.blocks()) sweep(b);
        }

        void sweepLoop(Node n) {
            Block body = n.blocks().get(0);
            List<Integer> dead = new ArrayList<>();
            for (int k = n.outputs().size() - 1; k >= 0; k--) {
                if (!liveValues.contains(n.outputs().get(k)) && !liveValues.contains(body.params().get(k + 1))) {
                    dead.add(k);
                    body.removeReturn(k + 1);
                }
            }
            sweep(body);
            for (int k : dead) {
                body.removeParam(k + 1);
                n.eraseOutput(k);
                n.removeInput(k + 2);
                changed = true;
            }
        }

        void sweepGroup(Node n) {
            Block body = n.blocks().get(0);
            for (int i = n.outputs().size() - 1; i >= 0; i--) {
                if (liveValues.contains(n.outputs().get(i))) continue;
                body.removeReturn(i);
                n.eraseOutput(i);
                changed = true;
            }
            sweep(body);
            for (int i = body.params().size() - 1; i >= 0; i--) {
                Value p = body.params().get(i);
                if (!p.uses().isEmpty() || p.isReturned()) continue;
                body.removeParam(i);
                n.removeInput(i);
                changed = true;
            }
        }
    }
}
