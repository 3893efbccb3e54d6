package jitbook.passes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;
import jitbook.ops.OpDef;
import jitbook.ops.OpTrait;

/**
 * Groups chains of elementwise ops into {@code prim::FusionGroup} nodes: one block whose
 * parameters are the group's inputs and whose returns are its outputs (the interpreter runs the
 * block as is; a code generator can compile each group to one loop). Only ops with the
 * ELEMENTWISE trait and a fused expression join; a group needs at least two, or one that calls a
 * math function. Working backwards
 * from a consumer, a producer in the same block joins when every other reader of its result
 * comes after the group (the group is placed where its last member was, so nothing may need the
 * value earlier). Scalar constants are copied into the group; everything else is a parameter.
 */
public final class ElementwiseFusion implements Pass {
    @Override
    public String name() {
        return "fuse";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        return block(graph.block());
    }

    static boolean fusible(Node n) {
        OpDef d = n.op();
        if (d == null || !d.has(OpTrait.ELEMENTWISE) || d.fusedExpression() == null || !Effects.isPureOp(n)) return false;
        if (n.outputs().size() != 1 || !n.output().type().isTensor()) return false;
        for (Value v : n.inputs()) {
            if (!(v.type().isTensor() || v.type().isNumber() || v.type() == jitbook.ir.Type.BOOL)) return false;
        }
        return true;
    }

    private boolean block(Block b) {
        boolean changed = false;
        for (Node n : b.nodes()) {
            if (!n.is(Prim.FUSION_GROUP)) {
                for (Block inner : n.blocks()) changed |= block(inner);
            }
        }
        List<Node> snapshot = new ArrayList<>(b.nodes());
        Set<Node> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            Node anchor = snapshot.get(i);
            if (taken.contains(anchor) || !fusible(anchor)) continue;
            List<Node> members = grow(anchor, b, taken);
            if (members.size() < 2 && !worthAloneInAKernel(anchor)) continue;
            taken.addAll(members);
            materialize(b, anchor, members);
            changed = true;
        }
        return changed;
    }

    /**
     * A lone op that calls a math function (tanh, exp, gelu ...) still gains from a generated
     * kernel: split over the cores, with the float polynomial forms vectorized, where the eager
     * kernel is one scalar loop. A lone add or mul would gain nothing.
     */
    private static boolean worthAloneInAKernel(Node n) {
        return n.op().fusedExpression().calls(f -> true);
    }

    private static List<Node> grow(Node anchor, Block b, Set<Node> taken) {
        int at = b.indexOf(anchor);
        List<Node> members = new ArrayList<>(List.of(anchor));
        Set<Node> in = Collections.newSetFromMap(new IdentityHashMap<>());
        in.add(anchor);
        for (int m = 0; m < members.size(); m++) {
            for (Value v : members.get(m).inputs()) {
                Node p = v.producer();
                if (p == null || in.contains(p) || taken.contains(p) || p.owningBlock() != b || !fusible(p)) continue;
                if (!usesAllowed(p, in, b, at)) continue;
                members.add(p);
                in.add(p);
            }
        }
        members.sort((x, y) -> Integer.compare(b.indexOf(x), b.indexOf(y)));
        return members;
    }

    /** Every reader of p's result is in the group or (at top level of b) after the anchor. */
    private static boolean usesAllowed(Node p, Set<Node> in, Block b, int anchorIndex) {
        for (Node u : p.output().uses()) {
            if (in.contains(u)) continue;
            Node top = u;
            while (top.owningBlock() != b) {
                Node owner = top.owningBlock().owningNode();
                if (owner == null) return false;
                top = owner;
            }
            if (b.indexOf(top) <= anchorIndex) return false;
        }
        for (Block r : p.output().returnedBy()) {
            if (r != b) return false; // returned from a nested block before the group: would need the value earlier
        }
        return true;
    }

    private static void materialize(Block b, Node anchor, List<Node> members) {
        Set<Node> memberSet = Collections.newSetFromMap(new IdentityHashMap<>());
        memberSet.addAll(members);
        Map<Value, Value> params = new LinkedHashMap<>();
        List<Value> constants = new ArrayList<>();
        for (Node m : members) {
            for (Value v : m.inputs()) {
                Node p = v.producer();
                if (p != null && memberSet.contains(p)) continue;
                if (v.isConstant() && !v.type().isTensor()) {
                    if (!constants.contains(v)) constants.add(v);
                } else {
                    params.putIfAbsent(v, null);
                }
            }
        }
        Node group = b.insertBefore(Prim.FUSION_GROUP, anchor, params.keySet().toArray(new Value[0]));
        group.setSource(anchor.source());
        Block body = group.addBlock();
        Map<Value, Value> map = new IdentityHashMap<>();
        for (Value v : params.keySet()) map.put(v, body.addParam(v.name(), v.type()));
        for (Value c : constants) map.put(c, Graph.copyNode(c.producer(), body, map).output());
        List<Value> exposed = new ArrayList<>();
        for (Node m : members) {
            Graph.copyNode(m, body, map);
            Value o = m.output();
            boolean outside = o.isReturned();
            for (Node u : o.uses()) outside |= !memberSet.contains(u);
            if (outside) exposed.add(o);
        }
        for (Value o : exposed) {
            body.addReturn(map.get(o));
            Value go = group.addOutput(o.type());
            o.replaceAllUsesWith(go);
        }
        for (int i = members.size() - 1; i >= 0; i--) members.get(i).destroy();
    }
}
