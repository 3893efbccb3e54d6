package jitbook.passes;

import java.util.ArrayList;
import java.util.List;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * Turns a list that is built ({@code prim::ListConstruct} or {@code list::new}, then appends
 * whose results are unused) and then only read into one {@code prim::ListConstruct}:
 * <pre>
 *   %l = prim::ListConstruct(%a)            %l2 = prim::ListConstruct(%a, %b, %c)
 *   %1 : bool = list::add(%l, %b)     ->    ... reads of %l2 ...
 *   %2 : bool = list::add(%l, %c)
 *   ... reads of %l ...
 * </pre>
 * It applies when every use of the list sits in the list's own block, the appends come first and
 * everything after only reads (no other mutation, nothing that could keep or leak the list),
 * and the list is not passed through If/Loop plumbing. With constant elements, constant
 * propagation then makes it a constant list; after full unrolling this is what turns "a list
 * built by a constant loop" into a constant.
 */
public final class ListMutationRemoval implements Pass {
    @Override
    public String name() {
        return "list-mutation";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        boolean changed = false;
        for (Node n : graph.allNodes()) {
            boolean builds = n.is(Prim.LIST_CONSTRUCT) || n.kind().equals(OpNames.LIST_NEW) && n.inputs().isEmpty();
            if (!builds || n.outputs().size() != 1 || n.owningBlock().indexOf(n) < 0) continue;
            if (tryFold(n, AliasAnalysis.of(graph))) changed = true;
        }
        return changed;
    }

    private static boolean tryFold(Node construct, AliasAnalysis alias) {
        Value l = construct.output();
        Block b = construct.owningBlock();
        if (alias.escapes(l)) return false;
        for (Block r : l.returnedBy()) {
            if (r != b.graph().block()) return false; // flows through If/Loop plumbing
        }
        List<Node> uses = new ArrayList<>();
        for (Node u : l.uses()) {
            if (u.owningBlock() != b) return false;
            if (!uses.contains(u)) uses.add(u);
        }
        uses.sort((x, y) -> Integer.compare(b.indexOf(x), b.indexOf(y)));
        List<Node> appends = new ArrayList<>();
        boolean reading = false;
        for (Node u : uses) {
            boolean isAppend = u.kind().equals(OpNames.LIST_ADD) && u.input(0) == l && u.inputs().size() == 2
                    && u.input(1) != l && outputsUnused(u);
            if (isAppend && !reading) {
                appends.add(u);
            } else if (!isAppend && Effects.onlyReadsContainers(u) && Effects.mutatedInput(u) < 0) {
                reading = true;
            } else {
                return false;
            }
        }
        if (appends.isEmpty() || alias.mutatorsOf(l).size() != appends.size()) return false;
        if (!l.returnedBy().isEmpty() && b != b.graph().block()) return false;
        Node last = appends.get(appends.size() - 1);
        Node merged = b.insertBefore(Prim.LIST_CONSTRUCT, last, construct.inputs().toArray(new Value[0]));
        merged.setSource(construct.source());
        for (Node a : appends) merged.addInput(a.input(1));
        Value nl = merged.addOutput(l.name(), l.type());
        for (Node a : appends) a.destroy();
        l.replaceAllUsesWith(nl);
        construct.destroy();
        return true;
    }

    private static boolean outputsUnused(Node n) {
        for (Value o : n.outputs()) {
            if (!o.uses().isEmpty() || o.isReturned()) return false;
        }
        return true;
    }
}
