package jitbook.autodiff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Value;
import jitbook.ops.ListGradient;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;

/**
 * Gradients through the script compiler's mutable lists ({@code list::new}, {@code list::add},
 * {@code list::get}, {@code list::size}, {@code list::is_empty}). A list that tensors needing
 * gradients are appended to gets a <em>gradient list</em> in the backward graph, created where the
 * list's block starts being undone with a zero per element of the list's final contents. Undoing
 * {@code list::get(l, i)} adds the read's gradient into element i; undoing {@code list::add(l, v)}
 * pops the last element, which is v's gradient: the backward runs the forward's mutations in
 * reverse, so the gradient list always mirrors the list as it was at that point. Other mutations
 * of such a list ({@code set}, {@code insert}, {@code remove_at}) and lists that cross If/Loop
 * boundaries as values are refused. Which list op does what is the registry's fact
 * ({@link OpDef#listGradient()}), not a table of names here.
 */
final class MutableLists {
    private MutableLists() {
    }

    /** Needs-grad propagation for a list op; refuses mutations it cannot undo on a list that needs grad. */
    static void needsGrad(Node n, OpDef op, Set<Value> set) {
        if (n.inputs().isEmpty()) return;
        Value list = n.input(0);
        switch (op.listGradient()) {
            case APPEND:
                if (set.contains(n.input(1))) set.add(list);
                return;
            case ELEMENT:
                if (set.contains(list) && NeedsGrad.mayCarryGrad(n.output().type())) set.add(n.output());
                return;
            case LENGTH:
                return;
            default:
                for (Value v : n.inputs()) {
                    if (set.contains(v)) {
                        throw new AutodiffException("cannot differentiate through " + n.kind() + " (node `" + n + "`) on a list"
                                + " holding values that need gradients: only " + supported() + " are supported on such lists");
                    }
                }
        }
    }

    /** The list ops a list holding values that need gradients allows, as the registry declares them. */
    private static String supported() {
        List<String> names = new ArrayList<>();
        for (OpDef d : OpRegistry.global().all()) {
            ListGradient g = d.listGradient();
            if (g == ListGradient.APPEND || g == ListGradient.ELEMENT || g == ListGradient.LENGTH) names.add(d.name());
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Whether {@code n} appends to a list (by its op's {@link ListGradient}). */
    static boolean isAppend(Node n) {
        return listGradient(n) == ListGradient.APPEND;
    }

    /** The list gradient of the node's op, or null when it is not a registry list op. */
    static ListGradient listGradient(Node n) {
        OpDef d = n.op();
        return d == null ? null : d.listGradient();
    }

    /** Nodes that contain (in their blocks) an append to a list that needs grad: their backward must run even without output gradients. */
    static Set<Node> enclosingAppends(Graph g, NeedsGrad ng) {
        Set<Node> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : g.allNodes()) {
            if (!isAppend(n) || !ng.contains(n.input(0))) continue;
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
