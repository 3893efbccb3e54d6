package jitbook.passes;

import java.util.Arrays;
import java.util.List;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.ShapeArgs;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.TensorSpec;

/**
 * Propagates tensor dtypes and shapes forward with the registry's shape rules: an op's output
 * gets what its rule infers from its inputs' types and constant arguments; If outputs get the
 * join of what the branches return; loop-carried values the join over iterations (to a fixed
 * point); fusion groups see through to their bodies. The types this reads are trusted, so run it
 * on a graph whose input types are true for every call: {@link #specialize} sets them from
 * example inputs after {@link #eraseTensorTypes} forgets recorded ones (a traced graph remembers
 * the example's shapes, which later calls need not share).
 */
public final class ShapePropagation implements Pass {
    private static final int MAX_LOOP_ROUNDS = 4;

    private boolean changed;

    @Override
    public String name() {
        return "shape-prop";
    }

    @Override
    public boolean run(Graph graph, PassContext ctx) {
        changed = false;
        block(graph.block());
        return changed;
    }

    /** Forgets every tensor type except constants' (whose values are known): all become {@code Tensor}. */
    public static void eraseTensorTypes(Graph g) {
        for (Value v : g.inputs()) erase(v);
        g.forEachBlock(b -> {
            for (Value p : b.params()) erase(p);
            for (Node n : b.nodes()) {
                if (n.is(Prim.CONSTANT)) continue;
                for (Value o : n.outputs()) erase(o);
            }
        });
    }

    private static void erase(Value v) {
        if (v.type() instanceof Type.TensorType) v.setType(Type.TENSOR);
    }

    /** Sets the graph's tensor input types to those of runtime arguments ({@link NdArray}s), then propagates. */
    public static void specialize(Graph g, Object[] args) {
        eraseTensorTypes(g);
        List<Value> ins = g.inputs();
        for (int i = 0; i < ins.size() && i < args.length; i++) {
            Value v = ins.get(i);
            if (args[i] instanceof NdArray && (v.type().isTensor() || v.type() == Type.ANY)) {
                NdArray a = (NdArray) args[i];
                v.setType(new Type.TensorType(a.dtype(), a.shape()));
            }
        }
        new ShapePropagation().run(g, PassContext.DEFAULT);
    }

    private void block(Block b) {
        for (Node n : b.nodes()) node(n);
    }

    private void node(Node n) {
        if (n.is(Prim.IF)) {
            for (Block b : n.blocks()) block(b);
            for (int i = 0; i < n.outputs().size(); i++) {
                Value o = n.outputs().get(i);
                if (!o.type().isTensor()) continue;
                Type t = join(n.blocks().get(0).returns().get(i).type(), n.blocks().get(1).returns().get(i).type());
                set(o, t);
            }
        } else if (n.is(Prim.LOOP)) {
            loop(n);
        } else if (n.is(Prim.FUSION_GROUP)) {
            Block b = n.blocks().get(0);
            for (int i = 0; i < b.params().size(); i++) set(b.params().get(i), n.input(i).type());
            block(b);
            for (int i = 0; i < n.outputs().size(); i++) set(n.outputs().get(i), b.returns().get(i).type());
        } else if (n.is(Prim.UNCHECKED_CAST) && n.input(0).type().isTensor() && n.output().type().isTensor()) {
            set(n.output(), n.input(0).type());
        } else {
            for (Block b : n.blocks()) block(b);
            op(n);
        }
    }

    private void loop(Node n) {
        Block body = n.blocks().get(0);
        int carried = n.outputs().size();
        for (int k = 0; k < carried; k++) {
            Value p = body.params().get(k + 1);
            if (p.type().isTensor()) set(p, n.input(k + 2).type());
        }
        for (int round = 0; ; round++) {
            block(body);
            boolean stable = true;
            for (int k = 0; k < carried; k++) {
                Value p = body.params().get(k + 1);
                if (!p.type().isTensor()) continue;
                Type j = join(p.type(), body.returns().get(k + 1).type());
                if (round >= MAX_LOOP_ROUNDS) j = Type.TENSOR; // give up: widen to what holds for sure
                if (!j.equals(p.type())) {
                    set(p, j);
                    stable = false;
                }
            }
            if (stable) break;
        }
        for (int k = 0; k < carried; k++) {
            Value o = n.outputs().get(k);
            if (o.type().isTensor()) set(o, body.params().get(k + 1).type());
        }
    }

    private void op(Node n) {
        OpDef op = n.op();
        if (op == null || op.shapeRule() == null || n.outputs().size() != 1 || !n.output().type().isTensor()) return;
        Object[] args = ShapeArgs.of(n);
        if (args == null) return;
        TensorSpec s;
        try {
            s = op.shapeRule().infer(args);
        } catch (RuntimeException e) {
            return; // the rule cannot judge (or the op will fail at run time, where it says so)
        }
        set(n.output(), Type.TensorType.of(s));
    }

    private void set(Value v, Type t) {
        if (t == null || t.equals(v.type())) return;
        v.setType(t);
        changed = true;
    }

    /** The most precise type both {@code a} and {@code b} satisfy (dtype if equal; dims where equal). */
    static Type join(Type a, Type b) {
        if (a.equals(b)) return a;
        if (!(a instanceof Type.TensorType) || !(b instanceof Type.TensorType)) return a;
        Type.TensorType x = (Type.TensorType) a;
        Type.TensorType y = (Type.TensorType) b;
        jitbook.ops.DType d = x.dtype == y.dtype ? x.dtype : null;
        long[] s = null;
        if (x.shape != null && y.shape != null && x.shape.length == y.shape.length) {
            s = new long[x.shape.length];
            for (int i = 0; i < s.length; i++) s[i] = x.shape[i] == y.shape[i] ? x.shape[i] : -1;
        }
        if (d == null && s != null) {
            // a shape without a dtype cannot be printed; keep the shape knowledge only with a dtype
            return Type.TENSOR;
        }
        return new Type.TensorType(d, s == null && !Arrays.equals(x.shape, y.shape) ? null : s);
    }
}
