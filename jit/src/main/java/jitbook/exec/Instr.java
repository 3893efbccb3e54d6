package jitbook.exec;

import java.util.concurrent.CancellationException;

import jitbook.exec.fuse.BufferPool;
import jitbook.ir.Node;
import jitbook.ir.Type;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;

/** One step of an interpreter plan: reads slots of the frame and writes others. */
interface Instr {
    void exec(Object[] frame);

    /** Wraps a failure with the node it happened in, unless it already names one. */
    static RuntimeException wrap(Node node, RuntimeException e) {
        if (e instanceof ScriptRuntimeError || e instanceof CancellationException) return e;
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ScriptRuntimeError(msg, node, e);
    }

    /**
     * An op reading a fusion-group output whose array came from a {@link BufferPool}: after the op
     * runs, an array its result shares is marked escaped; the value's last reader gives the array
     * back and clears the slot (the value is dead from here on).
     */
    final class Watch {
        final int slot;
        final BufferPool pool;
        final boolean last;

        Watch(int slot, BufferPool pool, boolean last) {
            this.slot = slot;
            this.pool = pool;
            this.last = last;
        }

        void after(Object[] frame, Object result) {
            Object v = frame[slot];
            if (!(v instanceof NdArray)) return;
            Object data = ((NdArray) v).data();
            if (shares(result, data)) pool.escape(data);
            if (last) {
                pool.give(data);
                frame[slot] = null;
            }
        }

        private static boolean shares(Object result, Object data) {
            if (result instanceof NdArray) return ((NdArray) result).data() == data;
            if (result instanceof Iterable) {
                for (Object o : (Iterable<?>) result) if (shares(o, data)) return true;
            } else if (result instanceof Object[]) {
                for (Object o : (Object[]) result) if (shares(o, data)) return true;
            }
            return false;
        }
    }

    /** A registry op: gathers its arguments and runs the op's kernel. */
    final class Op implements Instr {
        private final Node node;
        private final OpDef op;
        private final int[] in;
        private final int out;
        private final Type scalarType;
        private final Watch[] watches;

        Op(Node node, OpDef op, int[] in, int out, Type scalarType, Watch[] watches) {
            this.node = node;
            this.op = op;
            this.in = in;
            this.out = out;
            this.scalarType = scalarType;
            this.watches = watches;
        }

        @Override
        public void exec(Object[] frame) {
            Object[] args = new Object[in.length];
            for (int i = 0; i < in.length; i++) args[i] = frame[in[i]];
            Object r;
            try {
                r = op.kernel().run(args);
            } catch (RuntimeException e) {
                throw wrap(node, e);
            }
            frame[out] = scalarType == null ? r : RuntimeTypes.coerce(r, scalarType);
            if (watches != null) for (Watch w : watches) w.after(frame, r);
        }
    }

    final class Const implements Instr {
        private final Object value;
        private final int out;

        Const(Object value, int out) {
            this.value = value;
            this.out = out;
        }

        @Override
        public void exec(Object[] frame) {
            frame[out] = value;
        }
    }

    /** {@code prim::If}: runs one of two blocks and copies its returns to the node's outputs. */
    final class If implements Instr {
        private final Node node;
        private final int cond;
        private final Interpreter.BlockPlan thenBlock;
        private final Interpreter.BlockPlan elseBlock;
        private final int[] out;

        If(Node node, int cond, Interpreter.BlockPlan thenBlock, Interpreter.BlockPlan elseBlock, int[] out) {
            this.node = node;
            this.cond = cond;
            this.thenBlock = thenBlock;
            this.elseBlock = elseBlock;
            this.out = out;
        }

        @Override
        public void exec(Object[] frame) {
            boolean c;
            try {
                c = RuntimeTypes.truth(frame[cond], "an if condition");
            } catch (RuntimeException e) {
                throw wrap(node, e);
            }
            Interpreter.BlockPlan b = c ? thenBlock : elseBlock;
            b.exec(frame);
            for (int i = 0; i < out.length; i++) frame[out[i]] = frame[b.returnSlots[i]];
        }
    }

    /**
     * {@code prim::Loop(maxTrips, cond, carried...)}: while {@code i < maxTrips} and the condition
     * holds, binds {@code (i, carried...)} to the body's parameters, runs it, and takes the next
     * condition and carried values from its returns (TorchScript's loop semantics).
     */
    final class Loop implements Instr {
        private final Node node;
        private final int[] in;
        private final Interpreter.BlockPlan body;
        private final int[] out;

        Loop(Node node, int[] in, Interpreter.BlockPlan body, int[] out) {
            this.node = node;
            this.in = in;
            this.body = body;
            this.out = out;
        }

        @Override
        public void exec(Object[] frame) {
            long maxTrips;
            boolean cond;
            try {
                Object m = frame[in[0]];
                maxTrips = m == null ? Long.MAX_VALUE : ((Number) m).longValue();
                cond = RuntimeTypes.truth(frame[in[1]], "a loop condition");
            } catch (RuntimeException e) {
                throw wrap(node, e);
            }
            int carried = in.length - 2;
            Object[] values = new Object[carried];
            for (int k = 0; k < carried; k++) values[k] = frame[in[k + 2]];
            boolean intCounter = node.blocks().get(0).params().get(0).type() == Type.INT;
            for (long i = 0; i < maxTrips && cond; i++) {
                Cancellation.check();
                frame[body.paramSlots[0]] = intCounter ? (Object) (int) i : (Object) i;
                for (int k = 0; k < carried; k++) frame[body.paramSlots[k + 1]] = values[k];
                body.exec(frame);
                try {
                    cond = RuntimeTypes.truth(frame[body.returnSlots[0]], "a loop condition");
                } catch (RuntimeException e) {
                    throw wrap(node, e);
                }
                for (int k = 0; k < carried; k++) values[k] = frame[body.returnSlots[k + 1]];
            }
            for (int k = 0; k < carried; k++) frame[out[k]] = values[k];
        }
    }

    /**
     * A node whose single block runs once with the node's inputs bound to its parameters. For a
     * fusion group, {@code fused} first tries the generated kernel; the block runs when it declines.
     */
    final class Inline implements Instr {
        private final Node node;
        private final int[] in;
        private final Interpreter.BlockPlan body;
        private final int[] out;
        private final jitbook.exec.fuse.FusedGroup fused;
        /** Per output, the pool its array comes from when the interpreter proved it private, else null. */
        private final BufferPool[] pools;
        /** Per output, its position among the graph's outputs (-1 if none), or null: where a call's out= destination applies. */
        private final int[] graphOutputs;

        Inline(Node node, int[] in, Interpreter.BlockPlan body, int[] out, jitbook.exec.fuse.FusedGroup fused,
               BufferPool[] pools, int[] graphOutputs) {
            this.node = node;
            this.in = in;
            this.body = body;
            this.out = out;
            this.fused = fused;
            this.pools = pools;
            this.graphOutputs = graphOutputs;
        }

        private NdArray[] destinations(Object[] frame) {
            CallContext ctx = (CallContext) frame[Interpreter.CONTEXT_SLOT];
            if (ctx == null || graphOutputs == null) return null;
            NdArray[] into = new NdArray[graphOutputs.length];
            for (int k = 0; k < into.length; k++) into[k] = ctx.destination(graphOutputs[k]);
            return into;
        }

        @Override
        public void exec(Object[] frame) {
            if (fused != null) {
                Object[] args = new Object[in.length];
                for (int k = 0; k < in.length; k++) args[k] = frame[in[k]];
                Object[] r;
                try {
                    r = fused.run(args, pools, destinations(frame));
                } catch (RuntimeException e) {
                    throw wrap(node, e);
                }
                if (r != null) {
                    for (int k = 0; k < out.length; k++) frame[out[k]] = r[k];
                    return;
                }
            }
            for (int k = 0; k < in.length; k++) frame[body.paramSlots[k]] = frame[in[k]];
            body.exec(frame);
            for (int k = 0; k < out.length; k++) frame[out[k]] = frame[body.returnSlots[k]];
        }
    }
}
