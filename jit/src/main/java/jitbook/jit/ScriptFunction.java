package jitbook.jit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jitbook.exec.Executable;
import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.tensor.Tensor;
import jitbook.trace.TracerWarning;

/**
 * A compiled function: a graph (as traced or compiled) and the interpreter that runs it. The
 * graph is not modified after construction; each call runs in its own frame, so one function
 * serves many threads. {@link #toString()} is the printed IR.
 */
public class ScriptFunction implements Executable {
    private final String name;
    private final Graph graph;
    private final OutputForm outputForm;
    private final List<TracerWarning> warnings;
    private volatile Interpreter interpreter;
    private volatile String source;
    /** Resolves prim::CallFunction callees (other functions of the same compilation unit). */
    private Interpreter.FunctionResolver functions = n -> null;

    /** A function produced by the script compiler; {@code functions} resolves the other functions it calls. */
    public static ScriptFunction compiled(String name, Graph graph, Interpreter.FunctionResolver functions) {
        ScriptFunction f = new ScriptFunction(name, graph, OutputForm.SINGLE, List.of());
        f.functions = functions;
        return f;
    }

    /** The resolver of called functions, for passes that inline them. */
    public Interpreter.FunctionResolver functions() {
        return functions;
    }

    ScriptFunction(String name, Graph graph, OutputForm outputForm, List<TracerWarning> warnings) {
        this.name = name;
        this.graph = graph;
        this.outputForm = outputForm;
        this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
    }

    public String name() {
        return name;
    }

    /** The graph as recorded by the tracer or produced by the compiler. */
    public Graph graph() {
        return graph;
    }

    /** Warnings the tracer raised while recording this function (empty for scripted ones). */
    public List<TracerWarning> warnings() {
        return warnings;
    }

    /** The source this function was compiled from, kept for display (Jit.save stores it); null if unknown. */
    public String source() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    Interpreter interpreter() {
        Interpreter i = interpreter;
        if (i == null) {
            synchronized (this) {
                i = interpreter;
                if (i == null) {
                    i = new Interpreter(graph, functions);
                    interpreter = i;
                }
            }
        }
        return i;
    }

    private volatile jitbook.passes.GraphExecutor executor;

    /** The optimizing executor (jitbook.passes): optimized plans cached per input signature. */
    jitbook.passes.GraphExecutor executor() {
        jitbook.passes.GraphExecutor e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    Interpreter.FunctionResolver fs = functions;
                    e = new jitbook.passes.GraphExecutor(graph, fs, calleeGraphs(fs), 8, 2);
                    executor = e;
                }
            }
        }
        return e;
    }

    /** The graphs of the script functions {@code fs} resolves (null for anything else), for inlining. */
    private static java.util.function.Function<String, Graph> calleeGraphs(Interpreter.FunctionResolver fs) {
        return n -> {
            Executable callee = fs.apply(n);
            return callee instanceof ScriptFunction ? ((ScriptFunction) callee).graph() : null;
        };
    }

    /** The graph calls run when nothing is known of the inputs: the default pass pipeline's result. */
    public Graph optimizedGraph() {
        return executor().optimizedGraph();
    }

    /** The graph calls with inputs like these run: specialized to their dtypes and shapes, then optimized. */
    public Graph optimizedGraph(Object... exampleInputs) {
        Object[] rt = new Object[exampleInputs.length];
        for (int i = 0; i < rt.length; i++) rt[i] = RuntimeValues.toRuntime(exampleInputs[i]);
        return executor().specializedGraph(rt);
    }

    /** The default pipeline run over this function (specialized to the inputs, if given), pass by pass, for display. */
    public jitbook.passes.PipelineRun explainOptimization(Object... exampleInputs) {
        Object[] rt = null;
        if (exampleInputs.length > 0) {
            rt = new Object[exampleInputs.length];
            for (int i = 0; i < rt.length; i++) rt[i] = RuntimeValues.toRuntime(exampleInputs[i]);
        }
        return executor().explain(rt);
    }

    /** Runs with runtime-form arguments (for the interpreter's {@code prim::CallFunction}): the optimized graph. */
    @Override
    public Object[] run(Object[] args) {
        return executor().run(args);
    }

    /**
     * Calls the function with tensors, numbers, lists or maps, returning what the same Java code
     * would: a Tensor, a boxed number, a fresh List/Map, or an array/list for several outputs.
     */
    public Object call(Object... args) {
        Object[] rt = new Object[args.length];
        for (int i = 0; i < args.length; i++) rt[i] = RuntimeValues.toRuntime(args[i]);
        // With an input that requires grad, run the forward graph of the gradient and link the outputs to autograd.
        Object[] out = jitbook.autodiff.GradExecutor.anyRequiresGrad(args) ? gradExecutor().call(rt, args, null) : run(rt);
        Object packed = packOutputs(out, graph.outputs());
        jitbook.tensor.DispatchListener tracer = jitbook.tensor.Dispatcher.currentListener();
        if (tracer != null) {
            // Called from code being traced: let the tracer record this graph rather than opaque results.
            tracer.onCompiledCall(graph, args, flatten(packed, out.length));
        }
        return packed;
    }

    /**
     * Like {@link #call}, but writes the function's single tensor result into {@code out} (which
     * must have its dtype and shape) and returns {@code out}: PyTorch's {@code out=}. Repeated calls
     * on large tensors then reuse one buffer: a fused kernel computing the result writes straight
     * into it (no allocation, no zeroing pass, no garbage); any other result is copied in. {@code out}
     * may also be an argument (in place): it is then written only after the whole function has run.
     * Its old contents are overwritten, so do not pass a tensor that an autograd graph still needs;
     * arguments or {@code out} requiring grad are refused, as in PyTorch.
     */
    public Tensor callInto(Tensor out, Object... args) {
        return OutArguments.call(this, new Tensor[] {out}, args)[0];
    }

    /** {@link #callInto(Tensor, Object...)} for a function with several tensor outputs, one tensor each. */
    public Tensor[] callInto(Tensor[] outs, Object... args) {
        return OutArguments.call(this, outs, args);
    }

    private static Object[] flatten(Object packed, int n) {
        if (n == 1) return new Object[] {packed};
        if (packed instanceof Object[]) return (Object[]) packed;
        if (packed instanceof List) return ((List<?>) packed).toArray();
        return new Object[0];
    }

    Object packOutputs(Object[] out, List<Value> outputs) {
        if (outputForm == OutputForm.SINGLE && out.length == 1) {
            return RuntimeValues.fromRuntime(out[0], outputs.get(0).type());
        }
        if (outputForm == OutputForm.ARRAY) {
            Tensor[] ts = new Tensor[out.length];
            for (int i = 0; i < out.length; i++) ts[i] = (Tensor) RuntimeValues.fromRuntime(out[i], outputs.get(i).type());
            return ts;
        }
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < out.length; i++) l.add(RuntimeValues.fromRuntime(out[i], outputs.get(i).type()));
        return out.length == 0 ? null : l;
    }

    private volatile jitbook.autodiff.GradExecutor gradExecutor;

    jitbook.autodiff.GradExecutor gradExecutor() {
        jitbook.autodiff.GradExecutor e = gradExecutor;
        if (e == null) {
            synchronized (this) {
                e = gradExecutor;
                if (e == null) {
                    Interpreter.FunctionResolver fs = functions;
                    java.util.function.Function<String, Graph> callees = calleeGraphs(fs);
                    // Called functions are inlined before differentiation, so gradients pass through them;
                    // the forward and backward graphs then run optimized, specialized and fused, as no-grad calls do.
                    gradExecutor = e = new jitbook.autodiff.GradExecutor(graph, null, null, callees,
                            g -> new jitbook.passes.GraphExecutor(g, fs, callees, 8, 2));
                }
            }
        }
        return e;
    }

    /**
     * The backward graph autograd runs for this function when every input that can (tensors not
     * known to be of an integer or bool dtype) requires grad: it takes the outputs' gradients and
     * the values the forward saved, and returns the inputs' gradients. For display.
     */
    public Graph backwardGraph() {
        boolean[] mask = new boolean[graph.inputs().size()];
        for (int i = 0; i < mask.length; i++) {
            Type t = graph.inputs().get(i).type();
            mask[i] = t instanceof Type.TensorType && (((Type.TensorType) t).dtype == null || ((Type.TensorType) t).dtype.isFloating());
        }
        return gradExecutor().gradient(mask, List.of()).backward();
    }

    /** Calls a function with one tensor result. */
    public Tensor forward(Tensor... inputs) {
        Object r = call((Object[]) inputs);
        if (!(r instanceof Tensor)) {
            throw new IllegalStateException(name + " does not return a single Tensor; use call(...)");
        }
        return (Tensor) r;
    }

    public List<Type> inputTypes() {
        List<Type> ts = new ArrayList<>();
        for (Value v : graph.inputs()) ts.add(v.type());
        return ts;
    }

    @Override
    public String toString() {
        return graph.toString();
    }
}
