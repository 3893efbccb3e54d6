package jitbook.jit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.exec.Executable;
import jitbook.exec.Interpreter;
import jitbook.exec.ScriptObject;
import jitbook.ir.Graph;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.trace.TracerWarning;

/**
 * A compiled module: named attributes (parameter tensors, submodules, plain values) and
 * methods whose graphs take {@code self} first and read attributes with {@code prim::GetAttr}.
 * Parameters are the same {@link Tensor} objects the eager module holds, so training either
 * one is seen by both. Calls are thread-safe as long as nobody writes attributes meanwhile.
 */
public class ScriptModule implements ScriptObject {
    private final String className;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, Graph> methods = new LinkedHashMap<>();
    private final Map<String, Interpreter> interpreters = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<TracerWarning> warnings = new ArrayList<>();
    private boolean training = true;

    public ScriptModule(String className) {
        this.className = className;
    }

    public String className() {
        return className;
    }

    // ---- attributes ---------------------------------------------------------------------------

    /** Sets an attribute: a Tensor, a ScriptModule, or a plain value (number, bool, string, list). */
    public void register(String name, Object value) {
        attributes.put(name, value);
    }

    public Object attribute(String name) {
        return attributes.get(name);
    }

    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    @Override
    public Object getAttr(String name) {
        if (name.equals("training") && !attributes.containsKey("training")) return training;
        if (!attributes.containsKey(name)) {
            throw new IllegalArgumentException(className + " has no attribute '" + name + "'");
        }
        Object v = attributes.get(name);
        return v instanceof Tensor ? ((Tensor) v).array() : RuntimeValues.toRuntime(v);
    }

    @Override
    public void setAttr(String name, Object value) {
        Object old = attributes.get(name);
        if (value instanceof NdArray && old instanceof Tensor) {
            // Keep the parameter's identity (the eager module and optimizers hold it): replace its data.
            ((Tensor) old).copyInPlace(Tensor.fromArray((NdArray) value));
            return;
        }
        attributes.put(name, value instanceof NdArray ? Tensor.fromArray((NdArray) value) : value);
    }

    /** Parameters (tensors that require grad) of this module and its submodules, with dotted names. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Tensor && ((Tensor) v).requiresGrad()) out.put(prefix + e.getKey(), (Tensor) v);
            if (v instanceof ScriptModule) ((ScriptModule) v).collect(prefix + e.getKey() + ".", out);
        }
    }

    // ---- methods ------------------------------------------------------------------------------

    public void addMethod(String name, Graph graph) {
        methods.put(name, graph);
        interpreters.remove(name);
    }

    public Graph methodGraph(String name) {
        Graph g = methods.get(name);
        if (g == null) throw new IllegalArgumentException(className + " has no method '" + name + "'; it has " + methods.keySet());
        return g;
    }

    public List<String> methodNames() {
        return new ArrayList<>(methods.keySet());
    }

    /** The forward graph as recorded or compiled. */
    public Graph graph() {
        return methodGraph("forward");
    }

    @Override
    public Executable method(String name) {
        if (!methods.containsKey(name)) return null;
        return interpreters.computeIfAbsent(name, n -> new Interpreter(methods.get(n)));
    }

    @Override
    public String typeName() {
        return className;
    }

    /** Calls a method with user-form arguments (self is implied). */
    public Object callMethod(String name, Object... args) {
        Executable m = method(name);
        if (m == null) throw new IllegalArgumentException(className + " has no method '" + name + "'");
        Object[] rt = new Object[args.length + 1];
        rt[0] = this;
        for (int i = 0; i < args.length; i++) rt[i + 1] = RuntimeValues.toRuntime(args[i]);
        Object[] out = m.run(rt);
        Graph g = methods.get(name);
        if (out.length == 1) return RuntimeValues.fromRuntime(out[0], g.outputs().get(0).type());
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < out.length; i++) l.add(RuntimeValues.fromRuntime(out[i], g.outputs().get(i).type()));
        return l;
    }

    public Object call(Object... args) {
        return callMethod("forward", args);
    }

    /** Runs forward on tensors, for modules with one tensor result. */
    public Tensor forward(Tensor... inputs) {
        Object r = callMethod("forward", (Object[]) inputs);
        if (!(r instanceof Tensor)) throw new IllegalStateException(className + ".forward does not return a single Tensor; use call(...)");
        return (Tensor) r;
    }

    // ---- modes and warnings ---------------------------------------------------------------------

    public ScriptModule train(boolean on) {
        training = on;
        for (Object v : attributes.values()) {
            if (v instanceof ScriptModule) ((ScriptModule) v).train(on);
        }
        return this;
    }

    public ScriptModule eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    void addWarnings(List<TracerWarning> ws) {
        warnings.addAll(ws);
    }

    public List<TracerWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Graph> m : methods.entrySet()) {
            sb.append("def ").append(m.getKey()).append(":\n").append(m.getValue());
        }
        return sb.toString();
    }
}
