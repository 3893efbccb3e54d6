package jitbook.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jitbook.exec.fuse.EagerKernels;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpException;
import jitbook.ops.Schema;
import jitbook.ops.OpRegistry;

/**
 * The one point every eager op goes through. It unwraps tensors to their storage, runs the
 * op's registry kernel (or, for an elementwise op on large floating-point tensors, the kernel the
 * fuser generates for it: {@link EagerKernels}), wraps the result, records the autograd node when a differentiable op
 * sees an input that requires grad, and tells the thread's {@link DispatchListener} (the
 * tracer), if one is installed.
 */
public final class Dispatcher {
    private static final ThreadLocal<DispatchListener> LISTENER = new ThreadLocal<>();

    private Dispatcher() {
    }

    /** Runs the op named {@code opName}; returns a {@link Tensor} for tensor results, else the Java value. */
    public static Object call(String opName, Object... args) {
        return call(OpRegistry.global().get(opName), args);
    }

    /** Shorthand for ops known to return a tensor. */
    public static Tensor tensor(String opName, Object... args) {
        return (Tensor) call(opName, args);
    }

    public static Object call(OpDef op, Object... args) {
        if (args.length < op.schema().arity()) {
            args = withDefaults(op, args);
        }
        Object[] raw = new Object[args.length];
        boolean needsGrad = false;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Tensor) {
                Tensor t = (Tensor) a;
                raw[i] = t.array();
                needsGrad |= t.requiresGrad();
            } else if (a instanceof List) {
                List<?> l = (List<?>) a;
                List<Object> conv = new ArrayList<>(l.size());
                for (Object e : l) {
                    if (e instanceof Tensor) {
                        conv.add(((Tensor) e).array());
                        needsGrad |= ((Tensor) e).requiresGrad();
                    } else {
                        conv.add(normalizeScalar(e));
                    }
                }
                raw[i] = conv;
            } else {
                raw[i] = normalizeScalar(a);
            }
        }
        Object out = EagerKernels.run(op, raw);
        if (out == null) out = op.kernel().run(raw);
        Object result = out;
        if (out instanceof NdArray) {
            Tensor t = new Tensor((NdArray) out);
            if (needsGrad && op.isDifferentiable() && t.dtype().isFloating() && GradMode.isEnabled()) {
                t.attachGradFn(new GradNode(op, Arrays.asList(args.clone())));
            }
            result = t;
        }
        DispatchListener l = LISTENER.get();
        if (l != null) {
            l.onOp(op, args, result);
        }
        return result;
    }

    /** Appends the schema's default values for trailing arguments the caller left out. */
    private static Object[] withDefaults(OpDef op, Object[] args) {
        List<Schema.Param> params = op.schema().params();
        Object[] full = Arrays.copyOf(args, params.size());
        for (int i = args.length; i < params.size(); i++) {
            Schema.Param p = params.get(i);
            if (!p.hasDefault) {
                throw new OpException(op.name(), "missing argument '" + p.name + "' (" + op.schema() + ")");
            }
            full[i] = p.defaultValue;
        }
        return full;
    }

    /** Java ints, floats and int arrays become the registry's Long, Double and long[]. */
    static Object normalizeScalar(Object a) {
        if (a instanceof Integer || a instanceof Short || a instanceof Byte) return ((Number) a).longValue();
        if (a instanceof Float) return ((Float) a).doubleValue();
        if (a instanceof int[]) {
            int[] ia = (int[]) a;
            long[] out = new long[ia.length];
            for (int i = 0; i < ia.length; i++) out[i] = ia[i];
            return out;
        }
        return a;
    }

    /** Installs a listener on this thread until the returned scope closes (the previous one is restored). */
    public static Scope listen(DispatchListener listener) {
        DispatchListener previous = LISTENER.get();
        LISTENER.set(listener);
        return () -> {
            if (previous == null) LISTENER.remove(); else LISTENER.set(previous);
        };
    }

    public static DispatchListener currentListener() {
        return LISTENER.get();
    }

    static void escape(Tensor t, String how) {
        DispatchListener l = LISTENER.get();
        if (l != null) {
            l.onEscape(t, how);
        }
    }

    /** Restores the previous listener when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
