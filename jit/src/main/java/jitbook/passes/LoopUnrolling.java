package jitbook.passes;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * Unrolls counted loops ({@code prim::Loop} whose entry and continue conditions are constant
 * true; loops that can break are left alone). A constant trip count up to
 * {@link PassContext#maxFullUnrollTrips} is unrolled completely: the body is copied once per
 * iteration with the counter a constant, and the loop disappears. Otherwise the loop becomes a
 * main loop running {@code n / k} times over {@code k} copies of the body (counter
 * {@code j * k + c}) followed by an epilogue loop for the {@code n - (n / k) * k} remaining
 * iterations (a negative {@code n} runs neither, as before). Loops it creates are marked
 * {@code unrolled=k} and not unrolled again. Inner loops are unrolled before outer ones.
 */
public final class LoopUnrolling implements Pass {
    public static final String MARK = "unrolled";
    /** Full unrolling stops at this many copied nodes in total. */
    private static final int MAX_FULL_NODES = 256;

    @Override
    public String name() {
        return "unroll";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        List<Node> loops = new ArrayList<>();
        for (Node n : graph.allNodes()) {
            if (n.is(Prim.LOOP)) loops.add(n);
        }
        boolean changed = false;
        for (int i = loops.size() - 1; i >= 0; i--) {
            Node loop = loops.get(i);
            if (loop.hasAttr(MARK) || !isCounted(loop)) continue;
            int size = bodySize(loop.blocks().get(0));
            Long trips = constTrips(loop);
            if (trips != null && trips <= ctx.maxFullUnrollTrips && size * Math.max(trips, 1) <= MAX_FULL_NODES) {
                fullUnroll(loop, trips);
                changed = true;
            } else if (ctx.unrollFactor > 1 && size <= ctx.maxUnrollBodyNodes && (trips == null || trips >= ctx.unrollFactor)) {
                partialUnroll(loop, ctx.unrollFactor);
                changed = true;
            }
        }
        return changed;
    }

    private static boolean constTrue(Value v) {
        return v.isConstant() && Boolean.TRUE.equals(v.constantValue());
    }

    static boolean isCounted(Node loop) {
        Block body = loop.blocks().get(0);
        Type counter = body.params().get(0).type();
        Type trips = loop.input(0).type();
        return constTrue(loop.input(1)) && constTrue(body.returns().get(0)) && counter.isIntegral() && trips.isIntegral();
    }

    private static Long constTrips(Node loop) {
        Value t = loop.input(0);
        if (!t.isConstant() || !(t.constantValue() instanceof Number)) return null;
        return ((Number) t.constantValue()).longValue();
    }

    static int bodySize(Block b) {
        int n = 0;
        for (Node x : b.nodes()) {
            n++;
            for (Block inner : x.blocks()) n += bodySize(inner);
        }
        return n;
    }

    private static void fullUnroll(Node loop, long trips) {
        Graph g = loop.graph();
        Block body = loop.blocks().get(0);
        Type counterType = body.params().get(0).type();
        List<Value> vals = new ArrayList<>(loop.inputs().subList(2, loop.inputs().size()));
        for (long it = 0; it < trips; it++) {
            Map<Value, Value> map = new IdentityHashMap<>();
            map.put(body.params().get(0), GraphEdits.constant(g, it, counterType));
            for (int k = 0; k < vals.size(); k++) map.put(body.params().get(k + 1), vals.get(k));
            List<Value> rets = GraphEdits.copyBefore(body, loop, map);
            vals = new ArrayList<>(rets.subList(1, rets.size()));
        }
        GraphEdits.replaceNode(loop, vals);
    }

    private static void partialUnroll(Node loop, int factor) {
        Graph g = loop.graph();
        Block body = loop.blocks().get(0);
        Value trips = loop.input(0);
        Type tt = trips.type();
        Type counterType = body.params().get(0).type();
        boolean usesCounter = !body.params().get(0).uses().isEmpty() || body.params().get(0).isReturned();
        Value k = GraphEdits.constant(g, (long) factor, tt);
        Value truth = loop.input(1);
        Value main = RewriteRule.emit(loop, OpNames.SCALAR_DIV, tt, trips, k);
        Value done = RewriteRule.emit(loop, OpNames.SCALAR_MUL, tt, main, k);
        Value rest = RewriteRule.emit(loop, OpNames.SCALAR_SUB, tt, trips, done);
        List<Value> init = new ArrayList<>(loop.inputs().subList(2, loop.inputs().size()));

        // main loop: k copies per iteration
        Node m = newLoop(loop, main, truth, init, body);
        Block mb = m.blocks().get(0);
        List<Value> vals = new ArrayList<>(mb.params().subList(1, mb.params().size()));
        Value kc = GraphEdits.constant(g, (long) factor, counterType);
        for (int c = 0; c < factor; c++) {
            Map<Value, Value> map = new IdentityHashMap<>();
            if (usesCounter) {
                Value base = append(mb, OpNames.SCALAR_MUL, counterType, mb.params().get(0), kc);
                map.put(body.params().get(0), append(mb, OpNames.SCALAR_ADD, counterType, base, GraphEdits.constant(g, (long) c, counterType)));
            }
            for (int j = 0; j < vals.size(); j++) map.put(body.params().get(j + 1), vals.get(j));
            List<Value> rets = GraphEdits.copyAppend(body, mb, map);
            vals = new ArrayList<>(rets.subList(1, rets.size()));
        }
        mb.addReturn(truth);
        for (Value v : vals) mb.addReturn(v);
        m.setAttr(MARK, (long) factor);

        // epilogue: the remaining iterations, counter offset by what the main loop did
        Node e = newLoop(loop, rest, truth, new ArrayList<>(m.outputs()), body);
        Block eb = e.blocks().get(0);
        Map<Value, Value> map = new IdentityHashMap<>();
        if (usesCounter) {
            Value offset = RewriteRule.emit(e, OpNames.SCALAR_MUL, counterType, main, kc);
            map.put(body.params().get(0), append(eb, OpNames.SCALAR_ADD, counterType, offset, eb.params().get(0)));
        }
        for (int j = 1; j < eb.params().size(); j++) map.put(body.params().get(j), eb.params().get(j));
        List<Value> rets = GraphEdits.copyAppend(body, eb, map);
        eb.addReturn(truth);
        for (Value v : rets.subList(1, rets.size())) eb.addReturn(v);
        e.setAttr(MARK, 1L);
        GraphEdits.replaceNode(loop, new ArrayList<>(e.outputs()));
    }

    /** A new loop before {@code anchor} with a body whose parameters copy {@code like}'s names and types. */
    private static Node newLoop(Node anchor, Value trips, Value cond, List<Value> init, Block like) {
        Node n = anchor.owningBlock().insertBefore(Prim.LOOP, anchor, trips, cond);
        for (Value v : init) n.addInput(v);
        n.setSource(anchor.source());
        Block b = n.addBlock();
        for (Value p : like.params()) b.addParam(p.name(), p.type());
        for (Value o : anchor.outputs()) n.addOutput(o.name(), o.type());
        return n;
    }

    private static Value append(Block b, String kind, Type t, Value... ins) {
        return b.append(kind, ins).addOutput(t);
    }
}
