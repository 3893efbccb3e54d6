package jitbook.tensor;

import jitbook.ops.OpDef;

/**
 * Observes eager dispatch on one thread: the tracer implements it to record IR while the
 * user's code runs eagerly. Kept as an interface here so that the tensor layer knows nothing of
 * the IR.
 */
public interface DispatchListener {
    /** Called after {@code op} ran on {@code args} (tensors, numbers, lists as the caller gave them) and produced {@code result}. */
    void onOp(OpDef op, Object[] args, Object result);

    /**
     * Called when a tensor's data leaves the tensor world as a Java value ({@code item()},
     * {@code toFloatArray()}, a boolean test, iteration): {@code how} names the method.
     */
    void onEscape(Tensor tensor, String how);

    /**
     * Called when compiled code runs while this listener is installed (a scripted function called
     * from code being traced): {@code graph} is the callee's IR graph, {@code args} the caller's
     * arguments and {@code results} what the call returned. The tracer inlines the graph, control
     * flow intact, instead of seeing opaque results.
     */
    default void onCompiledCall(Object graph, Object[] args, Object[] results) {
    }
}
