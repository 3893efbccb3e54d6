package jitbook.autodiff;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * The forward side of differentiating a {@code prim::Loop}: the loop gains two carried values,
 * its trip count and a cons list to which each iteration prepends a cell ({@code cell}) holding
 * the values its backward reads (the {@code Differentiator} adds them to the cell as it finds
 * them). The backward loop runs {@code trips} times and pops one cell per iteration, so the
 * iterations are undone in reverse.
 */
final class LoopTape {
    /** The ListConstruct in the body that makes this iteration's cell; saved values are appended to its inputs. */
    final Node cell;
    /** The loop's new outputs: how many iterations ran, and the cons list of their cells. */
    final Value trips;
    final Value stack;

    private LoopTape(Node cell, Value trips, Value stack) {
        this.cell = cell;
        this.trips = trips;
        this.stack = stack;
    }

    /** Rewrites {@code loop} (a node of {@code forward}) to count its trips and keep the cons list. */
    static LoopTape record(Graph forward, Node loop) {
        Block body = loop.blocks().get(0);
        Type iType = body.params().get(0).type();
        Object zero = iType == Type.INT ? (Object) 0 : (Object) 0L;
        Object one = iType == Type.INT ? (Object) 1 : (Object) 1L;
        Value fZero = forward.insertConstant(zero, iType);
        Value fOne = forward.insertConstant(one, iType);
        Node accInit = loop.owningBlock().insertBefore(Prim.LIST_CONSTRUCT, loop);
        Value acc0 = accInit.addOutput("stack", IrGradContext.listAny());
        loop.addInput(fZero);
        loop.addInput(acc0);
        Value tripParam = body.addParam("trip", iType);
        Value accParam = body.addParam("stack", IrGradContext.listAny());
        Node next = body.append(OpNames.SCALAR_ADD, tripParam, fOne);
        Value tripNext = next.addOutput("trip", iType);
        Node cell = body.append(Prim.LIST_CONSTRUCT, accParam);
        Value cellOut = cell.addOutput("stack", IrGradContext.listAny());
        body.addReturn(tripNext);
        body.addReturn(cellOut);
        Value trips = loop.addOutput("trips", iType);
        Value stack = loop.addOutput("stack", IrGradContext.listAny());
        return new LoopTape(cell, trips, stack);
    }
}
