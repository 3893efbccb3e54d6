package jitbook.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ops.GradContext;
import jitbook.ops.OpException;
import jitbook.ops.Shapes;

/**
 * Reverse-mode eager autograd: walks the recorded {@link GradNode}s from an output back to the
 * leaves in reverse topological order, applying each op's registry gradient rule with tensors
 * (through {@link EagerGradContext}), summing gradients where a tensor fans out, and
 * accumulating into the leaves' {@code grad()}.
 */
final class Autograd {
    private Autograd() {
    }

    static void backward(Tensor root, Tensor gradient) {
        if (!root.requiresGrad()) {
            throw new OpException("backward", "this tensor does not require grad and has no grad_fn: "
                    + "call requiresGrad(true) on the inputs whose gradients you want");
        }
        if (!java.util.Arrays.equals(root.shape(), gradient.shape())) {
            throw new OpException("backward", "gradient shape " + Shapes.str(gradient.shape())
                    + " does not match the output shape " + Shapes.str(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, gradient);
        Map<FunctionCall, CallState> callGrads = functionCalls(order);
        try (GradMode.Scope s = GradMode.disabled()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                GradNode node = t.gradFn();
                if (node != null && node.call != null) {
                    runFunctionWhenComplete(node, g, callGrads, grads);
                    continue;
                }
                if (g == null) {
                    continue;
                }
                if (node == null) {
                    t.accumulateGrad(g);
                    continue;
                }
                List<Object> inGrads = node.op.gradRule().vjp(EagerGradContext.INSTANCE, node.inputs, t, g);
                for (int k = 0; k < node.inputs.size() && k < inGrads.size(); k++) {
                    propagate(node.inputs.get(k), inGrads.get(k), grads);
                }
            }
        }
    }

    /** The gradients gathered so far for one {@link BackwardFunction} call, and how many of its reached outputs are still to come. */
    private static final class CallState {
        final Tensor[] grads;
        int pending;

        CallState(int outputs) {
            grads = new Tensor[outputs];
        }
    }

    private static Map<FunctionCall, CallState> functionCalls(List<Tensor> order) {
        Map<FunctionCall, CallState> calls = new IdentityHashMap<>();
        for (Tensor t : order) {
            GradNode n = t.gradFn();
            if (n != null && n.call != null) calls.computeIfAbsent(n.call, c -> new CallState(c.outputCount)).pending++;
        }
        return calls;
    }

    /**
     * Collects the gradient of one output of a function call; once every output of the call that
     * is reachable from the root has been visited (they all come after the call's inputs in
     * topological order, so their gradients are final), runs the call's backward once.
     */
    private static void runFunctionWhenComplete(GradNode node, Tensor g, Map<FunctionCall, CallState> calls,
                                                Map<Tensor, Tensor> grads) {
        FunctionCall call = node.call;
        CallState st = calls.get(call);
        if (g != null) {
            Tensor prev = st.grads[node.outputIndex];
            st.grads[node.outputIndex] = prev == null ? g : prev.add(g);
        }
        if (--st.pending > 0) return;
        boolean anyGrad = false;
        for (Tensor s : st.grads) anyGrad |= s != null;
        if (!anyGrad) return;
        List<Tensor> inGrads = call.fn.backward(java.util.Arrays.asList(st.grads.clone()));
        if (inGrads.size() != call.inputs.size()) {
            throw new IllegalStateException(call.fn.name() + " returned " + inGrads.size() + " gradients for "
                    + call.inputs.size() + " inputs");
        }
        for (int k = 0; k < call.inputs.size(); k++) propagate(call.inputs.get(k), inGrads.get(k), grads);
    }

    private static void propagate(Object input, Object grad, Map<Tensor, Tensor> grads) {
        if (grad == null) {
            return;
        }
        if (input instanceof List) {
            List<?> ins = (List<?>) input;
            List<?> gs = (List<?>) grad;
            for (int j = 0; j < ins.size(); j++) propagate(ins.get(j), gs.get(j), grads);
            return;
        }
        if (!(input instanceof Tensor) || !((Tensor) input).requiresGrad()) {
            return;
        }
        Tensor in = (Tensor) input;
        Tensor g = (Tensor) grad;
        Tensor previous = grads.get(in);
        grads.put(in, previous == null ? g : previous.add(g));
    }

    /** Tensors reachable from {@code root} through grad nodes, each after everything it was made from. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> state = new IdentityHashMap<>();
        // Iterative DFS: deep graphs (long RNN unrolls) must not overflow the Java stack.
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, Boolean.FALSE});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Tensor t = (Tensor) top[0];
            if ((Boolean) top[1]) {
                order.add(t);
                continue;
            }
            if (state.containsKey(t)) {
                continue;
            }
            state.put(t, Boolean.TRUE);
            stack.push(new Object[] {t, Boolean.TRUE});
            GradNode node = t.gradFn();
            if (node != null) {
                for (Object in : node.inputs) pushInputs(in, stack, state);
            }
        }
        return order;
    }

    private static void pushInputs(Object in, Deque<Object[]> stack, Map<Tensor, Boolean> state) {
        if (in instanceof Tensor) {
            Tensor t = (Tensor) in;
            if (t.requiresGrad() && !state.containsKey(t)) stack.push(new Object[] {t, Boolean.FALSE});
        } else if (in instanceof List) {
            for (Object e : (List<?>) in) pushInputs(e, stack, state);
        }
    }

    /** Applies gradient-rule ops to tensors, without recording a graph. */
    static final class EagerGradContext implements GradContext {
        static final EagerGradContext INSTANCE = new EagerGradContext();

        @Override
        public Object op(String opName, Object... args) {
            return Dispatcher.call(opName, args);
        }

        @Override
        public boolean isTensor(Object value) {
            return value instanceof Tensor;
        }

        @Override
        public boolean isFloatingTensor(Object value) {
            return value instanceof Tensor && ((Tensor) value).dtype().isFloating();
        }
    }
}
