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

    Interpreter interpreter() {
        Interpreter i = interpreter;
        if (i == null) {
            synchronized (this) {
                i = interpreter;
                if (i == null) {
                    i = new Interpreter(graph);
                    interpreter = i;
                }
            }
        }
        return i;
    }

    /** Runs with runtime-form arguments (for the interpreter's {@code prim::CallFunction}). */
    @Override
    public Object[] run(Object[] args) {
        return interpreter().run(args);
    }

    /**
     * Calls the function with tensors, numbers, lists or maps, returning what the same Java code
     * would: a Tensor, a boxed number, a fresh List/Map, or an array/list for several outputs.
     */
    public Object call(Object... args) {
        Object[] rt = new Object[args.length];
        for (int i = 0; i < args.length; i++) rt[i] = RuntimeValues.toRuntime(args[i]);
        Object[] out = run(rt);
        return packOutputs(out, graph.outputs());
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
