package jitbook.autodiff;

import java.util.ArrayList;
import java.util.List;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;

/**
 * Rewrites a graph before differentiation so that gradients reach the tensors held in tuples
 * (records such as LSTMCell.State) and in lists that are built once and never changed
 * ({@code List.of(h, c)} returned by a helper), as TorchScript's LowerSimpleTuples does:
 * <ul>
 *   <li>a tuple that an If returns or a Loop carries becomes one output (one carried value) per
 *       element, rebuilt with {@code prim::TupleConstruct} where it is used whole;</li>
 *   <li>{@code prim::TupleIndex} / {@code prim::TupleUnpack} of a {@code prim::TupleConstruct},
 *       and {@code list::get} with a constant index of a {@code prim::ListConstruct} that nothing
 *       changes, read the element directly.</li>
 * </ul>
 * What remains of tuples and lists then only builds results, which the differentiator splits
 * into one gradient per tensor element. The graph computes the same values as before.
 */
final class AggregateLowering {
    private AggregateLowering() {
    }

    static void run(Graph g) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node n : new ArrayList<>(g.allNodes())) {
                if (n.owningBlock() == null) continue;
                if (n.is(Prim.IF)) changed |= splitIfTuples(n);
                else if (n.is(Prim.LOOP)) changed |= splitLoopTuples(n);
            }
        }
        for (Node n : new ArrayList<>(g.allNodes())) readElementDirectly(n);
        removeUnused(g);
    }

    /** Tuple reads and builds left without uses go (a tuple read the differentiator would refuse, though nothing needs it). */
    private static void removeUnused(Graph g) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node n : new ArrayList<>(g.allNodes())) {
                boolean tupleNode = n.is(Prim.TUPLE_CONSTRUCT) || n.is(Prim.TUPLE_INDEX) || n.is(Prim.TUPLE_UNPACK);
                if (tupleNode && n.outputs().stream().allMatch(o -> o.uses().isEmpty() && !o.isReturned())) {
                    n.destroy();
                    changed = true;
                }
            }
        }
    }

    private static Type.TupleType tupleType(Value v) {
        return v.type() instanceof Type.TupleType ? (Type.TupleType) v.type() : null;
    }

    /** Element {@code i} of tuple {@code t}: its constructor's input, else a TupleIndex appended to {@code b}. */
    private static Value element(Value t, int i, Block b) {
        Node p = t.producer();
        if (p != null && p.is(Prim.TUPLE_CONSTRUCT)) return p.input(i);
        Node idx = b.append(Prim.TUPLE_INDEX, t, t.graph().insertConstant(i, Type.INT));
        return idx.addOutput(tupleType(t).elements.get(i));
    }

    /** Element {@code i} of tuple {@code t}, read just before {@code anchor}. */
    private static Value elementBefore(Value t, int i, Node anchor) {
        Node p = t.producer();
        if (p != null && p.is(Prim.TUPLE_CONSTRUCT)) return p.input(i);
        Node idx = anchor.owningBlock().insertBefore(Prim.TUPLE_INDEX, anchor, t, t.graph().insertConstant(i, Type.INT));
        return idx.addOutput(tupleType(t).elements.get(i));
    }

    /** A TupleConstruct of {@code parts} placed before {@code anchor} (null: at the end of {@code b}); uses of {@code old} read it. */
    private static void rebuild(Value old, List<Value> parts, Block b, Node anchor) {
        Node c = anchor == null ? b.append(Prim.TUPLE_CONSTRUCT, parts.toArray(new Value[0]))
                : b.insertBefore(Prim.TUPLE_CONSTRUCT, anchor, parts.toArray(new Value[0]));
        old.replaceAllUsesWith(c.addOutput(old.name(), old.type()));
    }

    private static Node nextNode(Node n) {
        List<Node> ns = n.owningBlock().nodes();
        int i = ns.indexOf(n);
        return i + 1 < ns.size() ? ns.get(i + 1) : null;
    }

    private static boolean splitIfTuples(Node n) {
        for (int j = 0; j < n.outputs().size(); j++) {
            Type.TupleType t = tupleType(n.outputs().get(j));
            if (t == null) continue;
            for (Block b : n.blocks()) {
                Value r = b.returns().get(j);
                for (int i = 0; i < t.elements.size(); i++) b.addReturn(element(r, i, b));
            }
            List<Value> outs = new ArrayList<>();
            for (Type e : t.elements) outs.add(n.addOutput(e));
            Value old = n.outputs().get(j);
            rebuild(old, outs, n.owningBlock(), nextNode(n));
            for (Block b : n.blocks()) b.removeReturn(j);
            n.eraseOutput(j);
            return true;
        }
        return false;
    }

    /** Loop carried value m: input 2+m, body parameter 1+m, body return 1+m, output m. */
    private static boolean splitLoopTuples(Node n) {
        Block body = n.blocks().get(0);
        for (int m = 0; m < n.outputs().size(); m++) {
            Type.TupleType t = tupleType(n.outputs().get(m));
            if (t == null) continue;
            Value init = n.input(2 + m);
            Value param = body.params().get(1 + m);
            Value ret = body.returns().get(1 + m);
            List<Value> params = new ArrayList<>();
            for (int i = 0; i < t.elements.size(); i++) {
                n.addInput(elementBefore(init, i, n));
                params.add(body.addParam(null, t.elements.get(i)));
            }
            for (int i = 0; i < t.elements.size(); i++) body.addReturn(element(ret, i, body));
            List<Value> outs = new ArrayList<>();
            for (Type e : t.elements) outs.add(n.addOutput(e));
            rebuild(param, params, body, body.nodes().isEmpty() ? null : body.nodes().get(0));
            rebuild(n.outputs().get(m), outs, n.owningBlock(), nextNode(n));
            body.removeReturn(1 + m);
            n.removeInput(2 + m);
            body.removeParam(1 + m);
            n.eraseOutput(m);
            return true;
        }
        return false;
    }

    private static void readElementDirectly(Node n) {
        if (n.is(Prim.TUPLE_INDEX) && n.input(0).producer() != null && n.input(0).producer().is(Prim.TUPLE_CONSTRUCT)
                && n.input(1).isConstant()) {
            n.output().replaceAllUsesWith(n.input(0).producer().input(((Number) n.input(1).constantValue()).intValue()));
        } else if (n.is(Prim.TUPLE_UNPACK) && n.input(0).producer() != null && n.input(0).producer().is(Prim.TUPLE_CONSTRUCT)) {
            for (int i = 0; i < n.outputs().size(); i++) n.outputs().get(i).replaceAllUsesWith(n.input(0).producer().input(i));
        } else if (isListGet(n) && n.input(1).isConstant() && isUnchangedList(n.input(0))) {
            Node built = n.input(0).producer();
            int i = ((Number) n.input(1).constantValue()).intValue();
            // Out of range stays as it is, so the read still fails at run time as Java's would.
            if (i >= 0 && i < built.inputs().size()) n.output().replaceAllUsesWith(built.input(i));
        }
    }

    private static boolean isListGet(Node n) {
        return MutableLists.listGradient(n) == jitbook.ops.ListGradient.ELEMENT;
    }

    /** A list built by ListConstruct whose every use is a registry op that does not change it (no alias leaves through a block). */
    private static boolean isUnchangedList(Value list) {
        Node p = list.producer();
        if (p == null || !p.is(Prim.LIST_CONSTRUCT)) return false;
        for (Block b : list.returnedBy()) if (b != list.graph().block()) return false;
        for (Node use : list.uses()) {
            OpDef op = Prim.isPrim(use.kind()) ? null : OpRegistry.global().find(use.kind());
            if (op == null) return false;
            int mutated = op.mutatedInput();
            if (mutated >= 0 && mutated < use.inputs().size() && use.input(mutated) == list) return false;
        }
        return true;
    }
}
