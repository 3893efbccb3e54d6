package jitbook.passes;

import java.util.ArrayList;
import java.util.List;

import jitbook.exec.RuntimeTypes;
import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;

/**
 * Runs at compile time what only depends on constants, with the very kernels the interpreter
 * would run (the registry's, for PURE ops only: never RANDOM or SIDE_EFFECT ones), and gives
 * scalar results their IR width ({@link RuntimeTypes#coerce}: an {@code int} wraps at 32 bits).
 * A kernel that throws is left alone, so the error still happens at run time. Also:
 * <ul>
 * <li>{@code prim::If} on a constant condition is replaced by the branch taken;</li>
 * <li>{@code prim::Loop} that runs zero times (trip count 0 or condition false) is replaced by its initial values;</li>
 * <li>{@code prim::ListConstruct} of constants becomes a constant list when nothing mutates or leaks the list;</li>
 * <li>unpacking and indexing of constructed tuples and lists read the element directly.</li>
 * </ul>
 */
public final class ConstantPropagation implements Pass {
    @Override
    public String name() {
        return "constprop";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        boolean changed = false;
        AliasAnalysis alias = null;
        // Walk in program order; nodes spliced out of a folded If are visited by the next round.
        for (Node n : graph.allNodes()) {
            if (n.owningBlock() == null || !isAttached(n, graph)) continue;
            boolean did;
            if (n.is(Prim.IF)) {
                did = foldIf(n);
            } else if (n.is(Prim.LOOP)) {
                did = foldLoop(n);
            } else if (n.is(Prim.LIST_CONSTRUCT)) {
                if (alias == null) alias = AliasAnalysis.of(graph);
                did = foldList(graph, n, alias);
            } else if (n.is(Prim.TUPLE_UNPACK) || n.is(Prim.LIST_UNPACK)) {
                if (alias == null) alias = AliasAnalysis.of(graph);
                did = forwardUnpack(n, alias);
            } else if (n.is(Prim.TUPLE_INDEX)) {
                did = forwardTupleIndex(n);
            } else if (Effects.isPureOp(n) && !n.outputs().isEmpty() && allConstant(n)) {
                if (alias == null && n.outputs().size() == 1 && Effects.isMutableType(n.output().type())) alias = AliasAnalysis.of(graph);
                did = foldOp(graph, n, ctx, alias);
            } else {
                did = false;
            }
            if (did) {
                changed = true;
                alias = null; // rewrites move values between alias sets: recompute on demand
            }
        }
        return changed;
    }

    /** Whether a node is still in the graph (not destroyed, and in a block still owned by the graph). */
    private static boolean isAttached(Node n, Graph g) {
        Block b = n.owningBlock();
        while (b != null) {
            if (b.indexOf(n) < 0) return false;
            Node owner = b.owningNode();
            if (owner == null) return b == g.block();
            n = owner;
            b = owner.owningBlock();
        }
        return false;
    }

    private static boolean allConstant(Node n) {
        for (Value v : n.inputs()) {
            if (!v.isConstant()) return false;
        }
        return true;
    }

    private static boolean foldOp(Graph g, Node n, PassContext ctx, AliasAnalysis alias) {
        if (n.outputs().size() != 1) return false;
        // A fresh list (list::copy, dict::keys ...) may become a shared constant only if nobody changes or keeps it.
        if (Effects.isMutableType(n.output().type()) && !alias.isImmutableHere(n.output())) return false;
        OpDef op = n.op();
        Object[] args = new Object[n.inputs().size()];
        for (int i = 0; i < args.length; i++) args[i] = GraphEdits.runtimeConst(n.input(i));
        Object r;
        try {
            r = op.kernel().run(args);
        } catch (RuntimeException e) {
            return false; // leave the failure to run time, where it names the node
        }
        Value out = n.output();
        Type t = out.type();
        if (RuntimeTypes.isScalar(t)) r = RuntimeTypes.coerce(r, t);
        if (r instanceof NdArray && ((NdArray) r).numel() > ctx.maxFoldedElements) return false;
        if (!GraphEdits.isRepresentable(r, t)) return false;
        Value c = GraphEdits.constant(g, r, t);
        GraphEdits.replaceNode(n, List.of(c));
        return true;
    }

    private static Boolean constantTruth(Value v) {
        if (!v.isConstant()) return null;
        Object c = v.constantValue();
        if (c instanceof Boolean) return (Boolean) c;
        if (c instanceof Number) return ((Number) c).doubleValue() != 0;
        return null;
    }

    private static boolean foldIf(Node n) {
        Boolean c = constantTruth(n.input(0));
        if (c == null) return false;
        Block taken = n.blocks().get(c ? 0 : 1);
        List<Value> results = GraphEdits.spliceBefore(taken, n);
        GraphEdits.replaceNode(n, results);
        return true;
    }

    private static boolean foldLoop(Node n) {
        Value trips = n.input(0);
        Boolean cond = constantTruth(n.input(1));
        boolean zeroTrips = trips.isConstant() && trips.constantValue() instanceof Number
                && ((Number) trips.constantValue()).longValue() <= 0;
        if (!zeroTrips && !Boolean.FALSE.equals(cond)) return false;
        List<Value> init = new ArrayList<>(n.inputs().subList(2, n.inputs().size()));
        GraphEdits.replaceNode(n, init);
        return true;
    }

    private static boolean foldList(Graph g, Node n, AliasAnalysis alias) {
        Value out = n.output();
        if (!allConstant(n) || !alias.isImmutableHere(out)) return false;
        List<Object> items = new ArrayList<>();
        for (Value v : n.inputs()) items.add(GraphEdits.runtimeConst(v));
        if (!GraphEdits.isRepresentable(items, out.type())) return false;
        Value c = GraphEdits.constant(g, items, out.type());
        GraphEdits.replaceNode(n, List.of(c));
        return true;
    }

    /** {@code TupleUnpack(TupleConstruct(a, b)) -> a, b}; for lists only when nothing mutates the list. */
    private static boolean forwardUnpack(Node n, AliasAnalysis alias) {
        Value src = n.input(0);
        Node p = src.producer();
        if (p == null) return false;
        boolean tuple = n.is(Prim.TUPLE_UNPACK);
        if (!p.is(tuple ? Prim.TUPLE_CONSTRUCT : Prim.LIST_CONSTRUCT)) return false;
        if (!tuple && !alias.isImmutableHere(src)) return false;
        if (p.inputs().size() != n.outputs().size()) return false;
        GraphEdits.replaceNode(n, new ArrayList<>(p.inputs()));
        return true;
    }

    /** {@code TupleIndex(TupleConstruct(a, b), 1) -> b}. */
    private static boolean forwardTupleIndex(Node n) {
        Node p = n.input(0).producer();
        if (p == null || !p.is(Prim.TUPLE_CONSTRUCT) || !n.input(1).isConstant()) return false;
        Object idx = n.input(1).constantValue();
        if (!(idx instanceof Number)) return false;
        int i = ((Number) idx).intValue();
        if (i < 0) i += p.inputs().size();
        if (i < 0 || i >= p.inputs().size()) return false;
        GraphEdits.replaceNode(n, List.of(p.input(i)));
        return true;
    }
}
