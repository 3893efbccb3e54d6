package jitbook.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jitbook.exec.Executable;
import jitbook.exec.Interpreter;
import jitbook.exec.ScriptObject;
import jitbook.ir.Graph;
import jitbook.ir.Type;
import jitbook.ops.NdArray;
import jitbook.passes.Inliner;
import jitbook.tensor.BackwardFunction;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;

/**
 * Runs a compiled function or method so that eager autograd sees through it: the graph is
 * differentiated once per combination of "which inputs and parameters require grad" (cached),
 * the forward graph runs and its outputs become tensors whose {@link BackwardFunction} runs the
 * backward graph on the saved values. Parameters of a module method are found by attribute path
 * ({@link Parameters}) and lifted to inputs ({@link ParameterLifting}). Thread-safe.
 */
public final class GradExecutor {
    /** Resolves an attribute path from {@code self} to a parameter tensor (one that requires grad), or null. */
    @FunctionalInterface
    public interface Parameters {
        Tensor parameter(List<String> path);
    }

    private final Graph graph;
    private final Function<Graph, Executable> backend;
    private final List<List<String>> attributePaths;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    private static final class Compiled {
        final Gradient gradient;
        final Executable forward;
        final Executable backward;

        Compiled(Gradient gradient, Function<Graph, Executable> backend) {
            this.gradient = gradient;
            this.forward = backend.apply(gradient.forward());
            this.backward = backend.apply(gradient.backward());
        }
    }

    /** For a function: {@code graph} takes no {@code self}; forward and backward run in the plain interpreter. */
    public GradExecutor(Graph graph) {
        this(graph, null, null, null, Interpreter::new);
    }

    /**
     * For a method of {@code self} (or a function, when null). Calls in the graph are inlined
     * first: methods of submodules reached from {@code self} (graphs found by {@code methods}),
     * and functions whose graphs {@code functions} knows (either may be null). {@code backend} turns the forward and backward
     * graphs into something runnable: the compiled functions and modules give the optimizing
     * executor, so a training step's forward and backward are specialized and fused like an
     * inference call.
     */
    public GradExecutor(Graph graph, ScriptObject self, Inliner.MethodGraphs methods, Function<String, Graph> functions,
                        Function<Graph, Executable> backend) {
        this.graph = Inliner.inlineCalls(graph, self, methods, functions);
        this.backend = backend;
        this.attributePaths = ParameterLifting.tensorAttributePaths(this.graph);
    }

    /** The graph that is differentiated: the original with calls inlined. */
    public Graph graph() {
        return graph;
    }

    /** Whether grad mode is on and some argument is a tensor that requires grad. */
    public static boolean anyRequiresGrad(Object[] userArgs) {
        if (!GradMode.isEnabled()) return false;
        for (Object a : userArgs) if (a instanceof Tensor && ((Tensor) a).requiresGrad()) return true;
        return false;
    }

    /** The parameters (attribute paths read by the graph that resolve to tensors requiring grad), in program order. */
    public List<List<String>> parameterPaths(Parameters params) {
        List<List<String>> out = new ArrayList<>();
        if (params == null) return out;
        for (List<String> p : attributePaths) {
            Tensor t = params.parameter(p);
            if (t != null && t.requiresGrad() && t.dtype().isFloating()) out.add(p);
        }
        return out;
    }

    /**
     * The gradient graphs for inputs flagged in {@code inputRequiresGrad} (one per graph input)
     * and the given parameter paths (gradient inputs after the graph's own inputs, in order).
     */
    public Gradient gradient(boolean[] inputRequiresGrad, List<List<String>> paramPaths) {
        return compiled(inputRequiresGrad, paramPaths).gradient;
    }

    /** What runs the forward graph of {@link #gradient} for this combination (for tests and display). */
    public Executable forwardExecutable(boolean[] inputRequiresGrad, List<List<String>> paramPaths) {
        return compiled(inputRequiresGrad, paramPaths).forward;
    }

    /** What runs the backward graph of {@link #gradient} for this combination (for tests and display). */
    public Executable backwardExecutable(boolean[] inputRequiresGrad, List<List<String>> paramPaths) {
        return compiled(inputRequiresGrad, paramPaths).backward;
    }

    private Compiled compiled(boolean[] mask, List<List<String>> paths) {
        StringBuilder key = new StringBuilder();
        for (boolean b : mask) key.append(b ? '1' : '0');
        key.append('|').append(paths);
        return cache.computeIfAbsent(key.toString(), k -> {
            Graph g = paths.isEmpty() ? graph : ParameterLifting.lift(graph, paths);
            boolean[] full = Arrays.copyOf(mask, g.inputs().size());
            for (int i = mask.length; i < full.length; i++) full[i] = true;
            return new Compiled(Autodiff.differentiate(g, full), backend);
        });
    }

    /**
     * Runs the graph with autograd: {@code runtimeArgs} in the interpreter's form, {@code userArgs}
     * the same arguments as the caller gave them (tensors are matched by position), {@code params}
     * for module methods (null for functions). Returns the outputs in runtime form except that
     * tensor outputs are {@link Tensor}s, linked to the inputs and parameters that require grad.
     */
    public Object[] call(Object[] runtimeArgs, Object[] userArgs, Parameters params) {
        int n = graph.inputs().size();
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n && i < userArgs.length; i++) {
            Object a = userArgs[i];
            mask[i] = a instanceof Tensor && ((Tensor) a).requiresGrad() && ((Tensor) a).dtype().isFloating()
                    && graph.inputs().get(i).type() != Type.NONE;
        }
        List<List<String>> paths = parameterPaths(params);
        Compiled c = compiled(mask, paths);
        List<Tensor> paramTensors = new ArrayList<>();
        for (List<String> p : paths) paramTensors.add(params.parameter(p));

        Object[] fargs = Arrays.copyOf(runtimeArgs, n + paths.size());
        for (int i = 0; i < paths.size(); i++) fargs[n + i] = paramTensors.get(i).array();
        Object[] raw = c.forward.run(fargs);
        Gradient gr = c.gradient;
        int k = gr.outputCount();
        Object[] results = Arrays.copyOf(raw, k);
        Object[] saved = Arrays.copyOfRange(raw, k, raw.length);

        for (int j = 0; j < k; j++) {
            if (results[j] instanceof NdArray) results[j] = Tensor.fromArray((NdArray) results[j]);
        }
        List<Tensor> diffOutputs = new ArrayList<>();
        for (int[] slot : gr.differentiableSlots()) diffOutputs.add(slot[1] < 0 ? asTensor(results[slot[0]]) : elementTensor(results, slot));
        List<Tensor> inputs = new ArrayList<>();
        for (int idx : gr.gradInputs()) inputs.add(idx < n ? (Tensor) userArgs[idx] : paramTensors.get(idx - n));
        BackwardFunction.attach(new Backward(c, saved, diffOutputs), inputs, diffOutputs);
        return results;
    }

    private static Tensor asTensor(Object v) {
        return v instanceof Tensor ? (Tensor) v : null;
    }

    /** Element slot[1] of the tuple or list result slot[0], made a Tensor in place (it takes a gradient). */
    @SuppressWarnings("unchecked")
    private static Tensor elementTensor(Object[] results, int[] slot) {
        Object container = results[slot[0]];
        Object e;
        if (container instanceof Object[]) {
            Object[] a = (Object[]) container;
            if (a[slot[1]] instanceof NdArray) a[slot[1]] = Tensor.fromArray((NdArray) a[slot[1]]);
            e = a[slot[1]];
        } else if (container instanceof List) {
            List<Object> l = (List<Object>) container;
            if (l.get(slot[1]) instanceof NdArray) l.set(slot[1], Tensor.fromArray((NdArray) l.get(slot[1])));
            e = l.get(slot[1]);
        } else {
            e = null;
        }
        return asTensor(e);
    }

    /** Runs the backward graph once for one forward call. */
    private static final class Backward implements BackwardFunction {
        private final Compiled compiled;
        private final Object[] saved;
        private final List<Tensor> outputs;

        Backward(Compiled compiled, Object[] saved, List<Tensor> outputs) {
            this.compiled = compiled;
            this.saved = saved;
            this.outputs = outputs;
        }

        @Override
        public List<Tensor> backward(List<Tensor> gradOutputs) {
            int d = outputs.size();
            Object[] args = new Object[d + saved.length];
            for (int j = 0; j < d; j++) {
                Tensor g = gradOutputs.get(j);
                Tensor o = outputs.get(j);
                args[j] = g != null ? g.array() : o == null ? null : NdArray.zeros(o.dtype(), o.shape());
            }
            System.arraycopy(saved, 0, args, d, saved.length);
            Object[] grads = compiled.backward.run(args);
            List<Tensor> out = new ArrayList<>();
            for (Object g : grads) out.add(g instanceof NdArray ? Tensor.fromArray((NdArray) g) : null);
            return out;
        }

        @Override
        public String name() {
            return "Script";
        }
    }
}
