package jitbook.autodiff;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpDef;
import jitbook.ops.OpTrait;

/**
 * Forward data-flow analysis: which values depend, through differentiable ops, on a graph input
 * that requires grad (PyTorch's {@code requires_grad} propagation, done on the IR). Only these
 * values get gradients; rules skip the others. Loop-carried values are iterated to a fixed point.
 * A list built by {@code prim::ListConstruct} needs grad when an element does (gradients of lists
 * go to their elements). Tensors of a known integer or bool dtype never need grad.
 */
final class NeedsGrad {
    private final Set<Value> set = Collections.newSetFromMap(new IdentityHashMap<>());

    static NeedsGrad analyze(Graph g, boolean[] inputRequiresGrad) {
        NeedsGrad a = new NeedsGrad();
        for (int i = 0; i < inputRequiresGrad.length; i++) {
            if (inputRequiresGrad[i]) a.set.add(g.inputs().get(i));
        }
        // Appends to a list may come after reads of it in program order (in a loop): iterate.
        int size;
        do {
            size = a.set.size();
            a.block(g.block());
        } while (a.set.size() != size);
        return a;
    }

    boolean contains(Value v) {
        return set.contains(v);
    }

    private boolean anyInput(Node n) {
        for (Value v : n.inputs()) if (set.contains(v)) return true;
        return false;
    }

    private void block(Block b) {
        for (Node n : b.nodes()) node(n);
    }

    private void node(Node n) {
        String k = n.kind();
        if (n.prim() != null) {
            switch (n.prim()) {
                case CONSTANT:
                case GET_ATTR:
                case PRINT:
                case RAISE:
                    return;
                case LIST_CONSTRUCT:
                case TUPLE_CONSTRUCT:
                case UNCHECKED_CAST:
                    if (anyInput(n)) set.addAll(n.outputs());
                    return;
                case TUPLE_INDEX:
                case TUPLE_UNPACK:
                    // Left only where a tuple is not built in this graph (AggregateLowering reads the others' elements directly).
                    if (anyInput(n)) {
                        throw new AutodiffException("cannot differentiate through " + k + " (node `" + n + "`): the tuple is not built"
                                + " in this graph; build it with prim::TupleConstruct where it is used");
                    }
                    return;
                case IF:
                    ifNode(n);
                    return;
                case LOOP:
                    loop(n);
                    return;
                default:
                    break;
            }
        }
        OpDef op = n.op();
        if (op != null && op.listGradient() != null) {
            MutableLists.needsGrad(n, op, set);
            return;
        }
        if (op == null) {
            if (anyInput(n)) {
                throw new AutodiffException("cannot differentiate through " + k + " (node `" + n + "`): only registry ops, "
                        + "prim::If, prim::Loop, prim::ListConstruct and constants/attributes are supported; inline calls first");
            }
            return;
        }
        if (!op.isDifferentiable() && op.has(OpTrait.SIDE_EFFECT) && anyInput(n)) {
            // A value that needs a gradient is stored into (or mutates) a container: the gradient
            // would be lost without a word, so refuse.
            throw new AutodiffException("cannot differentiate through " + k + " (node `" + n + "`): it stores a value that needs"
                    + " a gradient into a mutable container; build the list with prim::ListConstruct (the optimizer's"
                    + " list-mutation removal does this for lists that are only appended to)");
        }
        if (op.isDifferentiable() && anyInput(n)) {
            for (Value o : n.outputs()) if (mayCarryGrad(o.type())) set.add(o);
        }
    }

    private void ifNode(Node n) {
        block(n.blocks().get(0));
        block(n.blocks().get(1));
        for (int j = 0; j < n.outputs().size(); j++) {
            Value o = n.outputs().get(j);
            if ((set.contains(n.blocks().get(0).returns().get(j)) || set.contains(n.blocks().get(1).returns().get(j)))
                    && mayCarryGrad(o.type())) {
                set.add(o);
            }
        }
    }

    private void loop(Node n) {
        Block body = n.blocks().get(0);
        int carried = n.outputs().size();
        for (int m = 0; m < carried; m++) {
            if (set.contains(n.inputs().get(2 + m))) set.add(body.params().get(1 + m));
        }
        boolean changed = true;
        while (changed) {
            block(body);
            changed = false;
            for (int m = 0; m < carried; m++) {
                Value p = body.params().get(1 + m);
                if (set.contains(body.returns().get(1 + m)) && !set.contains(p)) {
                    set.add(p);
                    changed = true;
                }
            }
        }
        for (int m = 0; m < carried; m++) {
            if (set.contains(body.params().get(1 + m))) set.add(n.outputs().get(m));
        }
    }

    /** Tensors of floating or unknown dtype, and values whose type is not known. */
    static boolean mayCarryGrad(Type t) {
        if (t instanceof Type.TensorType) {
            Type.TensorType tt = (Type.TensorType) t;
            return tt.dtype == null || tt.dtype.isFloating();
        }
        return t == Type.ANY || t instanceof Type.ListType || t instanceof Type.OptionalType;
    }
}
