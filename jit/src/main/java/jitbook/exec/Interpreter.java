package jitbook.exec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;

/**
 * Runs a graph. Construction turns the graph into an immutable plan (each value gets a slot in
 * a frame array; each node an {@link Instr} chosen from the registry or the prim table); each
 * {@link #run} allocates its own frame, so one interpreter serves many threads at once. Slot 0 of
 * every frame holds the run's {@link CallContext} (null unless the caller offered one).
 */
public final class Interpreter implements Executable {
    private final Graph graph;
    private final BlockPlan body;
    private final int frameSize;
    private final int[] inputSlots;
    static final int CONTEXT_SLOT = 0;

    /** Resolves {@code prim::CallFunction} callee names to executables. */
    public interface FunctionResolver extends Function<String, Executable> {
    }

    public Interpreter(Graph graph) {
        this(graph, name -> null);
    }

    public Interpreter(Graph graph, FunctionResolver functions) {
        this.graph = graph;
        Planner p = new Planner(functions);
        this.inputSlots = p.slots(graph.inputs());
        this.body = p.block(graph.block());
        this.frameSize = p.next;
    }

    public Graph graph() {
        return graph;
    }

    @Override
    public Object[] run(Object[] args) {
        if (args.length != inputSlots.length) {
            throw new ScriptRuntimeError("expected " + inputSlots.length + " arguments, got " + args.length, null, null);
        }
        Object[] frame = new Object[frameSize];
        frame[CONTEXT_SLOT] = CallContext.claim(args);
        for (int i = 0; i < args.length; i++) frame[inputSlots[i]] = args[i];
        body.exec(frame);
        Object[] out = new Object[body.returnSlots.length];
        for (int i = 0; i < out.length; i++) out[i] = frame[body.returnSlots[i]];
        return out;
    }

    /** The instructions of one block and the slots its returns are read from. */
    static final class BlockPlan {
        final Instr[] instrs;
        final int[] paramSlots;
        final int[] returnSlots;

        BlockPlan(Instr[] instrs, int[] paramSlots, int[] returnSlots) {
            this.instrs = instrs;
            this.paramSlots = paramSlots;
            this.returnSlots = returnSlots;
        }

        void exec(Object[] frame) {
            for (Instr i : instrs) i.exec(frame);
        }
    }

    /** Assigns slots and builds instructions; used only during construction. */
    private static final class Planner {
        private final Map<Value, Integer> slots = new IdentityHashMap<>();
        /** For each op node reading a pooled fusion-group output: what to check, and release, after it runs. */
        private final Map<Node, List<Instr.Watch>> watches = new IdentityHashMap<>();
        private final FunctionResolver functions;
        private int next;

        Planner(FunctionResolver functions) {
            this.functions = functions;
            this.next = CONTEXT_SLOT + 1;
        }

        int slot(Value v) {
            Integer s = slots.get(v);
            if (s == null) {
                s = next++;
                slots.put(v, s);
            }
            return s;
        }

        int[] slots(List<Value> vs) {
            int[] out = new int[vs.size()];
            for (int i = 0; i < out.length; i++) out[i] = slot(vs.get(i));
            return out;
        }

        BlockPlan block(Block b) {
            int[] params = slots(b.params());
            List<Instr> instrs = new ArrayList<>();
            for (Node n : b.nodes()) instrs.add(instr(n));
            return new BlockPlan(instrs.toArray(new Instr[0]), params, slots(b.returns()));
        }

        private Instr instr(Node n) {
            int[] in = slots(n.inputs());
            int[] out = slots(n.outputs());
            String k = n.kind();
            if (n.is(Prim.IF)) {
                return new Instr.If(n, in[0], block(n.blocks().get(0)), block(n.blocks().get(1)), out);
            }
            if (n.is(Prim.LOOP) || n.is(Prim.FUSION_GROUP)) {
                BlockPlan bodyPlan = block(n.blocks().get(0));
                return n.is(Prim.LOOP) ? new Instr.Loop(n, in, bodyPlan, out)
                        : new Instr.Inline(n, in, bodyPlan, out, jitbook.exec.fuse.FusedGroup.of(n), pools(n), graphOutputs(n));
            }
            if (n.is(Prim.CONSTANT)) {
                return new Instr.Const(RuntimeTypes.coerce(Constants.runtimeValue(n), n.output().type()), out[0]);
            }
            if (Prim.isPrim(k)) {
                return PrimHandlers.create(n, in, out, functions);
            }
            OpDef op = n.op() != null ? n.op() : OpRegistry.global().get(k);
            if (n.outputs().size() != 1) {
                throw new IllegalStateException("op node " + n + " must have exactly one output");
            }
            Value o = n.output();
            List<Instr.Watch> w = watches.remove(n);
            return new Instr.Op(n, op, in, out[0], RuntimeTypes.isScalar(o.type()) ? o.type() : null,
                    w == null ? null : w.toArray(new Instr.Watch[0]));
        }

        /**
         * A buffer pool for each output of a fusion group that is private to its block: not returned
         * from it, and read only by pure registry ops of the same block (which cannot keep it).
         * Every reader watches its result for aliasing the array; the last one gives it back.
         */
        private jitbook.exec.fuse.BufferPool[] pools(Node group) {
            jitbook.exec.fuse.BufferPool[] pools = new jitbook.exec.fuse.BufferPool[group.outputs().size()];
            boolean any = false;
            for (int i = 0; i < pools.length; i++) {
                Value v = group.outputs().get(i);
                List<Node> users = v.uses();
                if (v.isReturned() || users.isEmpty()) continue;
                Node last = null;
                boolean ok = true;
                for (Node u : users) {
                    ok &= u.owningBlock() == group.owningBlock() && isPureRegistryOp(u);
                    if (ok && (last == null || u.owningBlock().nodes().indexOf(u) > last.owningBlock().nodes().indexOf(last))) last = u;
                }
                if (!ok) continue;
                pools[i] = new jitbook.exec.fuse.BufferPool();
                any = true;
                int slot = slot(v);
                for (Node u : new java.util.LinkedHashSet<>(users)) {
                    watches.computeIfAbsent(u, x -> new ArrayList<>()).add(new Instr.Watch(slot, pools[i], u == last));
                }
            }
            return any ? pools : null;
        }

        /** For each output of a top-level node, its position among the graph's outputs (or -1), or null if none is one. */
        private static int[] graphOutputs(Node n) {
            Block top = n.graph().block();
            if (n.owningBlock() != top) return null;
            int[] at = new int[n.outputs().size()];
            boolean any = false;
            for (int i = 0; i < at.length; i++) {
                at[i] = top.returns().indexOf(n.outputs().get(i));
                any |= at[i] >= 0;
            }
            return any ? at : null;
        }

        private static boolean isPureRegistryOp(Node n) {
            if (Prim.isPrim(n.kind()) || !n.blocks().isEmpty() || n.outputs().size() != 1) return false;
            return n.op() != null && n.op().isPure();
        }
    }
}
