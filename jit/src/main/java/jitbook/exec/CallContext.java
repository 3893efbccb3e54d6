package jitbook.exec;

import jitbook.ops.NdArray;

/**
 * What one top-level call asks of the interpreter beyond its arguments: arrays to write its
 * results into (PyTorch's {@code out=}). The caller offers it on its thread just before running;
 * the interpreter run whose argument array is the very one offered claims it (a nested call, a
 * profiling or specialization run of another graph builds its own argument array, so none of them
 * can take it by mistake).
 *
 * <p>Only a fused kernel computing a graph output at the top level writes into a destination,
 * and only when its dtype and shape match and no input of that kernel is the same array; every
 * other result is computed as usual and the caller copies it.
 */
public final class CallContext {
    private static final ThreadLocal<CallContext> OFFERED = new ThreadLocal<>();

    private final Object[] args;
    private final NdArray[] destinations;

    /** {@code destinations[i]}: where graph output {@code i} should be written, or null. */
    public CallContext(Object[] args, NdArray[] destinations) {
        this.args = args;
        this.destinations = destinations.clone();
    }

    /** Makes this context visible to the interpreter run of {@code args} on this thread; call {@link #withdraw()} after. */
    public void offer() {
        OFFERED.set(this);
    }

    public static void withdraw() {
        OFFERED.remove();
    }

    /** The offered context if {@code runArgs} is the argument array it was offered for (it is then taken), else null. */
    static CallContext claim(Object[] runArgs) {
        CallContext c = OFFERED.get();
        if (c == null || c.args != runArgs) return null;
        OFFERED.remove();
        return c;
    }

    NdArray destination(int output) {
        return output >= 0 && output < destinations.length ? destinations[output] : null;
    }
}
