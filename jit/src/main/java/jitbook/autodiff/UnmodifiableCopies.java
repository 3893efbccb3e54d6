package jitbook.autodiff;

import java.util.ArrayList;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ops.OpDef;
import jitbook.ops.OpNames;
import jitbook.ops.OpRegistry;

/**
 * {@code List.of(a, b)} lowers to an unmodifiable copy ({@code list::copy_of}) of the list
 * {@code prim::ListConstruct(a, b)}. Autodiff reads a list's elements where it was built, so
 * before differentiating, a copy that nothing tries to change is replaced by the list it copies
 * (the same elements; only an attempted change, which throws, could tell them apart, and such a
 * copy is kept).
 */
final class UnmodifiableCopies {
    private UnmodifiableCopies() {
    }

    static void unwrap(Graph g) {
        for (Node n : new ArrayList<>(g.allNodes())) {
            if (!n.kind().equals(OpNames.LIST_COPY_OF) || n.owningBlock().indexOf(n) < 0) continue;
            Node built = n.input(0).producer();
            if (built == null || !built.is(Prim.LIST_CONSTRUCT) || changed(n)) continue;
            n.output().replaceAllUsesWith(n.input(0));
            n.destroy();
        }
    }

    /** Whether some use of the copy passes it where an op changes its input in place. */
    private static boolean changed(Node copy) {
        for (Node use : copy.output().uses()) {
            OpDef d = OpRegistry.global().find(use.kind());
            int m = d == null ? -1 : d.mutatedInput();
            if (m >= 0 && m < use.inputs().size() && use.input(m) == copy.output()) return true;
            if (use.is(Prim.IF) || use.is(Prim.LOOP) || use.is(Prim.CALL_FUNCTION)
                    || use.is(Prim.CALL_METHOD)) {
                return true; // passed on where this cannot follow it
            }
        }
        return false;
    }
}
