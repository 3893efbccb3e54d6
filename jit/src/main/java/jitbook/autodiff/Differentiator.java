package jitbook.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.ElementGradients;
import jitbook.ops.ListGradient;
import jitbook.ops.OpDef;
import jitbook.ops.OpNames;
import jitbook.ops.Schema;
import jitbook.passes.DeadCodeElimination;
import jitbook.passes.PassContext;

/**
 * Builds the backward graph of one (copied) forward graph, extending the forward graph with what
 * the backward reads. Walks each block in reverse, keeping per block an environment from forward
 * values to their accumulated gradient (a backward value); applies registry rules through an
 * {@link IrGradContext}; turns {@code prim::If} into a {@code prim::If} on the saved condition and
 * {@code prim::Loop} into a reversed loop over the saved trip count (see the package docs).
 */
final class Differentiator implements IrGradContext.ValueMapper {
    private final Graph f;
    private final Graph b = new Graph();
    private final IrGradContext ctx;
    private final Map<Block, Scope> scopes = new IdentityHashMap<>();
    private final Map<Value, Value> constants = new IdentityHashMap<>();
    private NeedsGrad ng;
    private Value forwardNone;
    /** Appends to lists that need grad, and the If/Loop nodes around them: undone even when no output gradient reaches them. */
    private Set<Node> mustUndo;
    /** For each list that needs grad, its gradient list in the backward graph. */
    private final Map<Value, Value> gradLists = new IdentityHashMap<>();

    Differentiator(Graph forward) {
        this.f = forward;
        this.ctx = new IrGradContext(b, f, this);
    }

    Gradient run(boolean[] requiresGrad) {
        ng = NeedsGrad.analyze(f, requiresGrad);
        mustUndo = MutableLists.enclosingAppends(f, ng);
        scopes.put(f.block(), new TopScope());
        int outputs = f.outputs().size();
        List<Value> originalOutputs = new ArrayList<>(f.outputs());
        List<int[]> slots = new ArrayList<>();
        Map<Value, Value> env = new LinkedHashMap<>();
        for (int j = 0; j < outputs; j++) {
            Value o = originalOutputs.get(j);
            if (takesGradient(o)) {
                slots.add(new int[] {j, -1});
                accumulate(env, o, b.addInput("grad_" + o.name(), o.type()));
                continue;
            }
            // A tuple or list result built here (a record, List.of(a, b)): one gradient per tensor element.
            Node p = o.producer();
            if (p == null || p.owningBlock() != f.block() || !(p.is(Prim.TUPLE_CONSTRUCT) || p.is(Prim.LIST_CONSTRUCT))) continue;
            for (int k = 0; k < p.inputs().size(); k++) {
                Value e = p.input(k);
                if (!takesGradient(e)) continue;
                slots.add(new int[] {j, k});
                accumulate(env, e, b.addInput("grad_" + o.name() + "_" + k, e.type()));
            }
        }
        // Saved values become inputs after the output gradients: reserve their position now.
        block(f.block(), env);
        List<Integer> gradInputs = new ArrayList<>();
        for (int i = 0; i < requiresGrad.length; i++) {
            if (!requiresGrad[i]) continue;
            gradInputs.add(i);
            Value g = env.get(f.inputs().get(i));
            b.addOutput(g != null ? g : ctx.constant(null));
        }
        new DeadCodeElimination().run(b, PassContext.DEFAULT);
        return new Gradient(f, b, outputs, slots, gradInputs.stream().mapToInt(Integer::intValue).toArray());
    }

    private boolean takesGradient(Value v) {
        return ng.contains(v) && (v.type().isTensor() || v.type() == Type.ANY);
    }

    // ---- forward values in the backward graph -------------------------------------------------

    @Override
    public boolean needsGrad(Value forward) {
        return ng.contains(forward);
    }

    @Override
    public Value toBackward(Value v) {
        if (v.isConstant()) {
            return constants.computeIfAbsent(v, c -> b.insertConstant(c.constantValue(), c.type()));
        }
        Block def = definingBlock(v);
        Scope s = scopes.get(def);
        if (s == null) throw new IllegalStateException("no scope for %" + v.name() + ": it is not visible where it is used");
        return s.get(v, v.type());
    }

    private static Block definingBlock(Value v) {
        return v.producer() != null ? v.producer().owningBlock() : v.paramOf();
    }

    /** Whether {@code v} is defined in {@code block} or in a block nested in it. */
    private static boolean definedInside(Value v, Block block) {
        Block d = definingBlock(v);
        while (d != null) {
            if (d == block) return true;
            Node owner = d.owningNode();
            d = owner == null ? null : owner.owningBlock();
        }
        return false;
    }

    private Value forwardNone() {
        if (forwardNone == null) forwardNone = f.insertConstant(null, Type.NONE);
        return forwardNone;
    }

    /** Where values defined in one forward block are kept for the backward graph. */
    private abstract static class Scope {
        private final Map<Value, Value> saved = new IdentityHashMap<>();

        Value get(Value v, Type backwardType) {
            Value s = saved.get(v);
            if (s == null) {
                s = save(v, backwardType);
                saved.put(v, s);
            }
            return s;
        }

        abstract Value save(Value v, Type backwardType);
    }

    /** Top block: an extra output of the forward graph, an extra input of the backward graph. */
    private final class TopScope extends Scope {
        @Override
        Value save(Value v, Type t) {
            f.addOutput(v);
            return b.addInput(v.name(), t);
        }
    }

    /** A loop body: an element of this iteration's cons cell, popped by the reversed loop. */
    private static final class LoopScope extends Scope {
        private final Node cell;
        private final Node unpack;

        LoopScope(Node cell, Node unpack) {
            this.cell = cell;
            this.unpack = unpack;
        }

        @Override
        Value save(Value v, Type t) {
            cell.addInput(v);
            return unpack.addOutput(v.name(), t);
        }
    }

    /** A branch of an If: an extra (optional) output of the If, None from the other branch, saved where the If is. */
    private final class IfScope extends Scope {
        private final Node ifNode;
        private final int branch;

        IfScope(Node ifNode, int branch) {
            this.ifNode = ifNode;
            this.branch = branch;
        }

        @Override
        Value save(Value v, Type t) {
            Type ot = v.type() instanceof Type.OptionalType || v.type() == Type.ANY ? v.type() : new Type.OptionalType(v.type());
            for (int k = 0; k < 2; k++) ifNode.blocks().get(k).addReturn(k == branch ? v : forwardNone());
            Value out = ifNode.addOutput(v.name(), ot);
            return scopes.get(ifNode.owningBlock()).get(out, t);
        }
    }

    // ---- gradients ----------------------------------------------------------------------------

    private void accumulate(Map<Value, Value> env, Value v, Value g) {
        Value prev = env.get(v);
        env.put(v, prev == null ? g : (Value) ctx.add(prev, g));
    }

    /** Values that may hold None at run time: optional types, and carried or merged values (a nullable variable is typed Tensor). */
    private boolean mayBeNone(Value v) {
        Type t = v.type();
        if (t instanceof Type.OptionalType || t == Type.ANY) return true;
        Node p = v.producer();
        if (p == null) return v.paramOf() != f.block();
        return p.is(Prim.IF) || p.is(Prim.LOOP) || p.is(Prim.UNCHECKED_CAST);
    }

    /**
     * A zero gradient for a forward value. A value that may be None (an optional tensor, such as
     * a nullable variable before its first assignment) gets a 0-d zero when it is None at run time.
     */
    private Value zerosLike(Value forward) {
        if (!mayBeNone(forward)) return (Value) ctx.op(OpNames.ZEROS_LIKE, forward);
        Value isNone = (Value) ctx.op(OpNames.SCALAR_EQ, forward, null);
        Node bif = ctx.emit(Prim.IF, isNone);
        Block outer = ctx.block;
        Node anchor = ctx.anchor;
        ctx.anchor = null;
        ctx.block = bif.addBlock();
        ctx.block.addReturn((Value) ctx.op(OpNames.ZEROS, new long[0], "Float"));
        ctx.block = bif.addBlock();
        ctx.block.addReturn((Value) ctx.op(OpNames.ZEROS_LIKE, forward));
        ctx.block = outer;
        ctx.anchor = anchor;
        return bif.addOutput(Type.TENSOR);
    }

    private void block(Block x, Map<Value, Value> env) {
        List<Node> nodes = new ArrayList<>(x.nodes());
        for (Node n : nodes) {
            if (MutableLists.listGradient(n) == ListGradient.CREATE && ng.contains(n.output())) gradList(n.output());
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            boolean reached = mustUndo.contains(n);
            for (Value o : n.outputs()) reached |= env.containsKey(o);
            if (!reached) continue;
            ListGradient lg = MutableLists.listGradient(n);
            if (lg == ListGradient.APPEND) {
                undoAppend(n, env);
                continue;
            }
            if (lg == ListGradient.ELEMENT) {
                undoGet(n, env);
                continue;
            }
            if (n.prim() == null) {
                op(n, env);
                continue;
            }
            switch (n.prim()) {
                case IF:
                    ifNode(n, env);
                    break;
                case LOOP:
                    loop(n, env);
                    break;
                case UNCHECKED_CAST: {
                    Value g = env.remove(n.output());
                    if (ng.contains(n.input(0))) accumulate(env, n.input(0), g);
                    break;
                }
                case CONSTANT:
                case GET_ATTR:
                    for (Value o : n.outputs()) env.remove(o);
                    break;
                default:
                    op(n, env);
            }
        }
    }

    private void op(Node n, Map<Value, Value> env) {
        OpDef op = n.op();
        if (op == null) {
            throw new AutodiffException("cannot differentiate through " + n.kind() + " (node `" + n + "`)");
        }
        Value out = n.output();
        Value gy = env.remove(out);
        if (!op.isDifferentiable()) return;
        List<Object> in = ruleInputs(n, op);
        List<Object> grads = op.gradRule().vjp(ctx, in, out, gy);
        for (int k = 0; k < Math.min(grads.size(), n.inputs().size()); k++) distribute(in.get(k), grads.get(k), env);
    }

    /** The node's inputs as a rule sees them: lists built in the graph as Java lists of their elements, defaults filled. */
    private List<Object> ruleInputs(Node n, OpDef op) {
        List<Object> in = new ArrayList<>();
        for (Value v : n.inputs()) {
            Node p = v.producer();
            boolean built = p != null && p.is(Prim.LIST_CONSTRUCT);
            if (!built && ng.contains(v) && (v.type() instanceof Type.ListType || v.type() == Type.ANY) && !v.type().isTensor()
                    && !gradLists.containsKey(v)) {
                throw new AutodiffException("cannot differentiate " + n.kind() + " (node `" + n + "`) on a list not made in this"
                        + " graph: read its elements with list::get, or build the list with prim::ListConstruct or list::new");
            }
            in.add(built ? new ArrayList<Object>(p.inputs()) : v);
        }
        List<Schema.Param> ps = op.schema().params();
        for (int i = in.size(); i < ps.size(); i++) in.add(ps.get(i).defaultValue);
        return in;
    }

    private void distribute(Object input, Object grad, Map<Value, Value> env) {
        if (grad == null) return;
        if (grad instanceof ElementGradients && input instanceof Value && gradLists.containsKey(input)) {
            addIntoGradList((Value) input, (ElementGradients) grad);
            return;
        }
        if (input instanceof List) {
            List<?> ins = (List<?>) input;
            List<?> gs = (List<?>) grad;
            for (int j = 0; j < ins.size(); j++) distribute(ins.get(j), gs.get(j), env);
            return;
        }
        if (input instanceof Value && ((Value) input).graph() == f && ng.contains((Value) input)) {
            accumulate(env, (Value) input, ctx.value(grad));
        }
    }

    // ---- mutable lists (see MutableLists) --------------------------------------------------------

    /** A list of zeros like the final contents of {@code list}, built where the list's block starts being undone. */
    private void gradList(Value list) {
        Value saved = toBackward(list);
        Value gl = (Value) ctx.op(OpNames.LIST_NEW);
        gl.setType(new Type.ListType(Type.TENSOR));
        Value size = (Value) ctx.op(OpNames.LIST_SIZE, saved);
        Node loop = ctx.emit(Prim.LOOP, size, ctx.constant(true));
        Block body = loop.addBlock();
        Value j = body.addParam("j", Type.LONG);
        Block outer = ctx.block;
        ctx.block = body;
        Value e = (Value) ctx.op(OpNames.LIST_GET, saved, j);
        e.setType(Type.TENSOR);
        ctx.op(OpNames.LIST_ADD, gl, zerosLike(e));
        body.addReturn(ctx.constant(true));
        ctx.block = outer;
        gradLists.put(list, gl);
    }

    private Value gradListOf(Node n) {
        Value gl = gradLists.get(n.input(0));
        if (gl == null) {
            throw new AutodiffException("cannot differentiate " + n.kind() + " (node `" + n + "`): the list is not created by"
                    + " list::new in this graph");
        }
        return gl;
    }

    /**
     * A rule's gradient for a list made by appends (cat of a list built in a loop): a loop over
     * the list adds each element's gradient into its place in the gradient list, from which the
     * undone appends then pop them.
     */
    private void addIntoGradList(Value list, ElementGradients grads) {
        Value gl = gradLists.get(list);
        Node loop = ctx.emit(Prim.LOOP, (Value) ctx.op(OpNames.LIST_SIZE, toBackward(list)), ctx.constant(true));
        Block body = loop.addBlock();
        Value j = body.addParam("j", Type.LONG);
        Block outer = ctx.block;
        Node anchor = ctx.anchor;
        ctx.block = body;
        ctx.anchor = null;
        Value g = ctx.value(grads.at(j));
        Value old = (Value) ctx.op(OpNames.LIST_GET, gl, j);
        old.setType(Type.TENSOR);
        ctx.op(OpNames.LIST_SET, gl, j, ctx.add(old, g));
        body.addReturn(ctx.constant(true));
        ctx.block = outer;
        ctx.anchor = anchor;
    }

    /** Undoes {@code list::add(l, v)}: pops the gradient of v off the gradient list. */
    private void undoAppend(Node n, Map<Value, Value> env) {
        for (Value o : n.outputs()) env.remove(o);
        Value gl = gradListOf(n);
        Value last = (Value) ctx.op(OpNames.SCALAR_SUB, ctx.op(OpNames.LIST_SIZE, gl), 1L);
        Value g = (Value) ctx.op(OpNames.LIST_REMOVE_AT, gl, last);
        g.setType(Type.TENSOR);
        Value v = n.input(1);
        if (ng.contains(v)) accumulate(env, v, g);
    }

    /** Undoes {@code v = list::get(l, i)}: adds v's gradient into element i of the gradient list. */
    private void undoGet(Node n, Map<Value, Value> env) {
        Value g = env.remove(n.output());
        if (g == null) return;
        Value gl = gradListOf(n);
        Value i = ctx.value(n.input(1));
        Value old = (Value) ctx.op(OpNames.LIST_GET, gl, i);
        old.setType(Type.TENSOR);
        ctx.op(OpNames.LIST_SET, gl, i, ctx.add(old, g));
    }

    // ---- control flow -------------------------------------------------------------------------

    /**
     * The backward of an If is an If on the same (saved) condition whose branches are the
     * backwards of the forward's branches; it returns the gradients of the values from outside
     * the If that either branch used (zeros from a branch that did not use one).
     */
    private void ifNode(Node n, Map<Value, Value> env) {
        int k = n.outputs().size();
        Value[] gOut = new Value[k];
        for (int j = 0; j < k; j++) gOut[j] = env.remove(n.outputs().get(j));
        Block y = ctx.block;
        Node bif = ctx.emit(Prim.IF, toBackward(n.input(0)));
        List<Map<Value, Value>> escaping = new ArrayList<>();
        Block[] bbs = new Block[2];
        for (int br = 0; br < 2; br++) {
            Block fb = n.blocks().get(br);
            bbs[br] = bif.addBlock();
            scopes.put(fb, new IfScope(n, br));
            ctx.block = bbs[br];
            Map<Value, Value> inner = new LinkedHashMap<>();
            for (int j = 0; j < k; j++) {
                Value r = fb.returns().get(j);
                if (gOut[j] != null && ng.contains(r)) accumulate(inner, r, gOut[j]);
            }
            block(fb, inner);
            escaping.add(outside(inner, fb));
        }
        Set<Value> keys = new LinkedHashSet<>(escaping.get(0).keySet());
        keys.addAll(escaping.get(1).keySet());
        List<Value> outs = new ArrayList<>();
        for (Value v : keys) {
            for (int br = 0; br < 2; br++) {
                ctx.block = bbs[br];
                Value g = escaping.get(br).get(v);
                bbs[br].addReturn(g != null ? g : zerosLike(v));
            }
            outs.add(bif.addOutput("grad_" + v.name(), v.type()));
        }
        ctx.block = y;
        int i = 0;
        for (Value v : keys) accumulate(env, v, outs.get(i++));
    }

    /** The entries of a block's environment for values defined outside the block (gradients that flow out of it). */
    private static Map<Value, Value> outside(Map<Value, Value> env, Block block) {
        Map<Value, Value> out = new LinkedHashMap<>();
        for (Map.Entry<Value, Value> e : env.entrySet()) {
            if (!definedInside(e.getKey(), block)) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * The forward loop gains two carried values ({@link LoopTape}): its trip count, and a cons list
     * to which each iteration prepends a cell with the values the body's backward reads. The backward is a loop
     * over the trip count that pops one cell per iteration (so iterations run in reverse), carries
     * the gradients of the loop-carried values, and accumulates the gradients of the values from
     * outside the loop that the body uses.
     */
    private void loop(Node n, Map<Value, Value> env) {
        Block body = n.blocks().get(0);
        int carried = n.outputs().size();
        Value[] gOut = new Value[carried];
        for (int m = 0; m < carried; m++) gOut[m] = env.remove(n.outputs().get(m));
        List<Integer> positions = new ArrayList<>();
        boolean[] live = CarriedLiveness.live(body, gOut, mustUndo);
        for (int m = 0; m < carried; m++) {
            Value p = body.params().get(1 + m);
            if (!ng.contains(p) || !live[m]) continue;
            if (p.type() instanceof Type.ListType) {
                throw new AutodiffException("cannot differentiate a loop that carries a list needing gradients (node `" + n + "`)");
            }
            positions.add(m);
        }
        List<Value> initsF = new ArrayList<>(n.inputs().subList(2, 2 + carried));

        LoopTape tape = LoopTape.record(f, n);
        Type iType = body.params().get(0).type();

        // Backward loop.
        Block y = ctx.block;
        Value tripsB = toBackward(tape.trips);
        Value stackB = toBackward(tape.stack);
        List<Value> ghInit = new ArrayList<>();
        for (int m : positions) ghInit.add(gOut[m] != null ? gOut[m] : zerosLike(n.outputs().get(m)));
        Node bl = ctx.emit(Prim.LOOP, tripsB, ctx.constant(true), stackB);
        for (Value g : ghInit) bl.addInput(g);
        Block bb = bl.addBlock();
        bb.addParam("i", iType);
        Value stackP = bb.addParam("stack", IrGradContext.listAny());
        List<Value> ghParams = new ArrayList<>();
        for (int m : positions) {
            Value h = body.params().get(1 + m);
            ghParams.add(bb.addParam("grad_" + h.name(), h.type()));
        }
        Node unpack = bb.append(Prim.LIST_UNPACK, stackP);
        Value prev = unpack.addOutput("stack", IrGradContext.listAny());
        scopes.put(body, new LoopScope(tape.cell, unpack));

        ctx.block = bb;
        Map<Value, Value> inner = new LinkedHashMap<>();
        for (int idx = 0; idx < positions.size(); idx++) {
            Value r = body.returns().get(1 + positions.get(idx));
            if (ng.contains(r)) accumulate(inner, r, ghParams.get(idx));
        }
        block(body, inner);
        List<Value> ghNext = new ArrayList<>();
        for (int m : positions) {
            Value h = body.params().get(1 + m);
            Value g = inner.get(h);
            ghNext.add(g != null ? g : zerosLike(h));
        }
        Map<Value, Value> free = outside(inner, body);
        bb.addReturn(ctx.constant(true));
        bb.addReturn(prev);
        for (Value g : ghNext) bb.addReturn(g);
        for (Map.Entry<Value, Value> e : free.entrySet()) {
            Value w = e.getKey();
            ctx.block = y;
            ctx.anchor = bl;
            Value init = zerosLike(w);
            ctx.anchor = null;
            bl.addInput(init);
            Value p = bb.addParam("grad_" + w.name(), w.type());
            ctx.block = bb;
            bb.addReturn((Value) ctx.add(p, e.getValue()));
        }
        ctx.block = y;
        bl.addOutput("stack", IrGradContext.listAny());
        List<Value> ghOut = new ArrayList<>();
        for (int m : positions) ghOut.add(bl.addOutput("grad_" + initsF.get(m).name(), body.params().get(1 + m).type()));
        List<Value> freeOut = new ArrayList<>();
        for (Value w : free.keySet()) freeOut.add(bl.addOutput("grad_" + w.name(), w.type()));
        for (int idx = 0; idx < positions.size(); idx++) {
            Value init = initsF.get(positions.get(idx));
            if (ng.contains(init)) accumulate(env, init, ghOut.get(idx));
        }
        int i = 0;
        for (Value w : free.keySet()) accumulate(env, w, freeOut.get(i++));
    }
}
