package jitbook.autodiff;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

import jitbook.ir.Block;
import jitbook.ir.Node;
import jitbook.ir.Value;

/**
 * Which carried values of a loop a gradient can flow back through: those whose loop output
 * receives a gradient, those an undone list append in the body reads, and, transitively, the
 * carried values the body computes them from. The backward loop carries gradients only for
 * these. A dead carried value would otherwise get a zero gradient that the body's backward
 * multiplies by its local derivative, and an infinite one (sqrt at 0) turns 0 into NaN where
 * eager autograd, which never visits a value nothing reads, gives the right gradient.
 */
final class CarriedLiveness {
    private CarriedLiveness() {
    }

    /** Per carried position, whether a gradient reaches it; {@code gOut[m]} is the gradient of output m, or null. */
    static boolean[] live(Block body, Value[] gOut, Set<Node> mustUndo) {
        int carried = gOut.length;
        boolean[] live = new boolean[carried];
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> work = new ArrayDeque<>();
        for (int m = 0; m < carried; m++) {
            if (gOut[m] != null) {
                live[m] = true;
                reach(body.returns().get(1 + m), seen, work);
            }
        }
        undone(body, mustUndo, seen, work);
        while (!work.isEmpty()) {
            Value v = work.pop();
            int j = body.params().indexOf(v);
            if (j > 0) {
                if (!live[j - 1]) {
                    live[j - 1] = true;
                    reach(body.returns().get(j), seen, work);
                }
                continue;
            }
            Node p = v.producer();
            if (p == null || !inside(p, body)) continue;
            everything(p, seen, work);
        }
        return live;
    }

    /** The inputs of appends that are undone even without an output gradient. */
    private static void undone(Block b, Set<Node> mustUndo, Set<Value> seen, Deque<Value> work) {
        for (Node n : b.nodes()) {
            if (mustUndo.contains(n)) for (Value in : n.inputs()) reach(in, seen, work);
            for (Block inner : n.blocks()) undone(inner, mustUndo, seen, work);
        }
    }

    /** A node's inputs and, for control flow, everything its blocks read and return (conservatively). */
    private static void everything(Node n, Set<Value> seen, Deque<Value> work) {
        for (Value in : n.inputs()) reach(in, seen, work);
        for (Block inner : n.blocks()) {
            for (Value r : inner.returns()) reach(r, seen, work);
            for (Node m : inner.nodes()) everything(m, seen, work);
        }
    }

    private static void reach(Value v, Set<Value> seen, Deque<Value> work) {
        if (seen.add(v)) work.push(v);
    }

    private static boolean inside(Node n, Block body) {
        for (Block b = n.owningBlock(); b != null; b = b.owningNode() == null ? null : b.owningNode().owningBlock()) {
            if (b == body) return true;
        }
        return false;
    }
}
