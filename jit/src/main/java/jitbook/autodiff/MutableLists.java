package jitbook.autodiff;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * Gradients through the script compiler's mutable lists ({@code list::new}, {@code list::add},
 * {@code list::get}, {@code list::size}, {@code list::is_empty}). A list that tensors needing
 * gradients are appended to gets a <em>gradient list</em> in the backward graph, created where the
 * list's block starts being undone with a zero per element of the list's final contents. Undoing
 * {@code list::get(l, i)} adds the read's gradient into element i; undoing {@code list::add(l, v)}
 * pops the last element, which is v's gradient: the backward runs the forward's mutations in
 * reverse, so the gradient list always mirrors the list as it was at that point. Other mutations
 * of such a list ({@code set}, {@code insert}, {@code remove_at}) and lists that cross If/Loop
 * boundaries as values are refused.
 */
final class MutableLists {
    private MutableLists() {
    }

    static boolean isListOp(String kind) {
        return kind.startsWith("list::");
    }

    /** Needs-grad propagation for a list op; refuses mutations it cannot undo on a list that needs grad. */
    static void needsGrad(Node n, Set<Value> set) {
        String k = n.kind();
        if (n.inputs().isEmpty()) return;
        Value list = n.input(0);
        switch (k) {
            case OpNames.LIST_ADD:
                if (set.contains(n.input(1))) set.add(list);
                return;
            case OpNames.LIST_GET:
                if (set.contains(list) && NeedsGrad.mayCarryGrad(n.output().type())) set.add(n.output());
                return;
            case OpNames.LIST_SIZE:
            case OpNames.LIST_IS_EMPTY:
                return;
            default:
                for (Value v : n.inputs()) {
                    if (set.contains(v)) {
                        throw new AutodiffException("cannot differentiate through " + k + " (node `" + n + "`) on a list"
                                + " holding values that need gradients: only list::add, list::get, list::size and"
                                + " list::is_empty are supported on such lists");
                    }
                }
        }
    }

    /** Nodes that contain (in their blocks) an append to a list that needs grad: their backward must run even without output gradients. */
    static Set<Node> enclosingAppends(Graph g, NeedsGrad ng) {
        Set<Node> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : g.allNodes()) {
            if (!n.kind().equals(OpNames.LIST_ADD) || !ng.contains(n.input(0))) continue;
            out.add(n);
            Node o = n.owningBlock().owningNode();
            while (o != null) {
                out.add(o);
                o = o.owningBlock().owningNode();
            }
        }
        return out;
    }
}
