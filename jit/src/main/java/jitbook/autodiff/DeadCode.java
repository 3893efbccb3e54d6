package jitbook.autodiff;

import java.util.ArrayList;
import java.util.List;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;
import jitbook.ops.OpDef;

/**
 * Removes nodes of a backward graph whose results nobody reads: pure registry ops, constants,
 * list construction, and Ifs without outputs whose blocks hold only such nodes. (The optimizer's
 * own dead-code pass is more general; this keeps freshly built backward graphs tidy without it.)
 */
final class DeadCode {
    private DeadCode() {
    }

    static void run(Graph g) {
        boolean changed = true;
        while (changed) {
            changed = block(g, g.block());
        }
    }

    private static boolean block(Graph g, Block b) {
        boolean changed = false;
        List<Node> nodes = new ArrayList<>(b.nodes());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            for (Block inner : n.blocks()) changed |= block(g, inner);
            if (removable(n) && unused(g, n)) {
                n.destroy();
                changed = true;
            }
        }
        return changed;
    }

    private static boolean unused(Graph g, Node n) {
        for (Value o : n.outputs()) {
            if (!o.uses().isEmpty() || g.isReturned(o)) return false;
        }
        return true;
    }

    private static boolean removable(Node n) {
        if (n.is(Prim.CONSTANT) || n.is(Prim.LIST_CONSTRUCT)) return true;
        if (n.is(Prim.IF)) {
            if (!n.outputs().isEmpty()) return false;
            for (Block b : n.blocks()) if (!b.nodes().isEmpty()) return false;
            return true;
        }
        OpDef op = n.op();
        return op != null && op.isPure();
    }
}
