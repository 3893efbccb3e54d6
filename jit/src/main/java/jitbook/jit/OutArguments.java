package jitbook.jit;

import java.util.Arrays;
import java.util.Map;

import jitbook.exec.CallContext;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.Shapes;
import jitbook.tensor.Tensor;

/**
 * {@link ScriptFunction#callInto}: runs a function writing its tensor results into tensors the
 * caller owns (PyTorch's {@code out=}), so that repeated calls on large tensors reuse one buffer
 * instead of allocating, zeroing and collecting a fresh one each time.
 *
 * <p>A fused kernel that computes a graph output writes straight into the destination; any other
 * result is computed as usual and copied in. A destination that is also an argument (in place,
 * {@code f.callInto(x, x, w)}) is never written before the whole graph has run: its result is
 * copied at the end.
 */
final class OutArguments {
    private OutArguments() {
    }

    static Tensor[] call(ScriptFunction f, Tensor[] outs, Object[] args) {
        if (outs == null || outs.length == 0) throw new IllegalArgumentException("callInto: give at least one tensor to write into");
        NdArray[] dest = new NdArray[outs.length];
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] == null) throw new IllegalArgumentException("callInto: out tensor " + i + " is null");
            if (outs[i].requiresGrad()) {
                throw new IllegalArgumentException("callInto: out tensor " + i + " requires grad: results written into tensors"
                        + " are not recorded by autograd (use call)");
            }
            dest[i] = outs[i].array();
            for (int j = 0; j < i; j++) {
                if (dest[j].data() == dest[i].data()) {
                    throw new IllegalArgumentException("callInto: out tensors " + j + " and " + i + " share their storage");
                }
            }
        }
        if (jitbook.autodiff.GradExecutor.anyRequiresGrad(args)) {
            throw new IllegalArgumentException("callInto: an argument requires grad, and results written into tensors"
                    + " are not recorded by autograd (use call)");
        }
        if (jitbook.tensor.Dispatcher.currentListener() != null) {
            throw new IllegalStateException("callInto cannot be traced (the tracer records calls, not writes into tensors): use call");
        }
        Object[] rt = new Object[args.length];
        for (int i = 0; i < rt.length; i++) rt[i] = RuntimeValues.toRuntime(args[i]);
        NdArray[] direct = dest.clone();
        boolean known = true;
        for (Object a : rt) known &= isPlainValue(a);
        for (int i = 0; i < direct.length; i++) {
            if (!known || readsArray(rt, direct[i].data())) direct[i] = null;
        }
        CallContext ctx = new CallContext(rt, direct);
        Object[] results;
        ctx.offer();
        try {
            results = f.run(rt);
        } finally {
            CallContext.withdraw();
        }
        if (results.length != outs.length) {
            throw new IllegalArgumentException("callInto: " + f.name() + " has " + results.length + " output(s), but "
                    + outs.length + " tensor(s) were given to write into");
        }
        for (int i = 0; i < results.length; i++) {
            if (!(results[i] instanceof NdArray)) {
                throw new IllegalArgumentException("callInto: output " + i + " of " + f.name() + " is "
                        + (results[i] == null ? "None" : "a " + results[i].getClass().getSimpleName()) + ", not a tensor");
            }
            NdArray r = (NdArray) results[i];
            NdArray o = dest[i];
            if (r.dtype() != o.dtype() || !Arrays.equals(r.shape(), o.shape())) {
                throw new IllegalArgumentException("callInto: output " + i + " of " + f.name() + " is " + describe(r.dtype(), r.shape())
                        + ", but the tensor to write it into is " + describe(o.dtype(), o.shape()));
            }
            if (r.data() != o.data()) System.arraycopy(r.data(), 0, o.data(), 0, r.numel());
        }
        return outs;
    }

    private static String describe(DType t, long[] shape) {
        return t.irName() + Shapes.str(shape);
    }

    /** Values whose arrays {@link #readsArray} can see entirely: tensors, scalars, strings, and lists/maps/tuples of them. */
    private static boolean isPlainValue(Object v) {
        if (v == null || v instanceof NdArray || v instanceof Number || v instanceof Boolean || v instanceof String) return true;
        if (v instanceof Map) v = ((Map<?, ?>) v).values();
        if (v instanceof Object[]) v = Arrays.asList((Object[]) v);
        if (!(v instanceof java.util.Collection)) return false;
        for (Object e : (java.util.Collection<?>) v) if (!isPlainValue(e)) return false;
        return true;
    }

    private static boolean readsArray(Object v, Object data) {
        if (v instanceof NdArray) return ((NdArray) v).data() == data;
        if (v instanceof Map) v = ((Map<?, ?>) v).values();
        if (v instanceof Object[]) v = Arrays.asList((Object[]) v);
        if (!(v instanceof java.util.Collection)) return false;
        for (Object e : (java.util.Collection<?>) v) if (readsArray(e, data)) return true;
        return false;
    }
}
