package jitbook.jit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.exec.Executable;
import jitbook.exec.ScriptObject;
import jitbook.io.ModuleTree;
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
public class ScriptModule implements ScriptObject, ModuleTree {
    private final String className;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, Graph> methods = new LinkedHashMap<>();
    /** Optimizing executors per method (jitbook.passes): plans cached per input signature. */
    private final Map<String, jitbook.passes.GraphExecutor> executors = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<TracerWarning> warnings = new ArrayList<>();
    private boolean training = true;
    private volatile String source;

    public ScriptModule(String className) {
        this.className = className;
    }

    /** The eager object this module was scripted from, for @Ignore methods; null after load. */
    private volatile Object javaInstance;

    public void setJavaInstance(Object instance) {
        this.javaInstance = instance;
    }

    @Override
    public Object callJava(String method, Object[] args) {
        Object target = javaInstance;
        if (target == null) return jitbook.exec.ScriptObject.super.callJava(method, args);
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(method) || m.getParameterCount() != args.length) continue;
                Object[] javaArgs = new Object[args.length];
                for (int i = 0; i < args.length; i++) javaArgs[i] = RuntimeValues.fromRuntime(args[i], jitbook.ir.Type.ANY);
                try {
                    m.setAccessible(true);
                    return RuntimeValues.toRuntime(m.invoke(target, javaArgs));
                } catch (java.lang.reflect.InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof RuntimeException ? (RuntimeException) cause : new RuntimeException(cause);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException(className + " has no Java method " + method + " taking " + args.length + " arguments");
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

    /** An attribute as Java code sees it: a Tensor, a submodule, a number, list ... ({@code training} too). */
    public Object getAttr(String name) {
        if (name.equals("training") && !attributes.containsKey("training")) return training;
        if (!attributes.containsKey(name)) {
            throw new IllegalArgumentException(className + " has no attribute '" + name + "'");
        }
        return attributes.get(name);
    }

    /** Sets an attribute from Java: the next calls read the new value. */
    public void setAttr(String name, Object value) {
        if (!attributes.containsKey(name)) {
            throw new IllegalArgumentException(className + " has no attribute '" + name + "'");
        }
        Object old = attributes.put(name, value);
        // Plans inline the methods of the submodules attributes held when they were built.
        if (old instanceof ScriptModule || value instanceof ScriptModule) forgetPlans();
    }

    /** Drops every executor (their plans have this module's submodule calls inlined); rebuilt on the next call. */
    private void forgetPlans() {
        executors.clear();
        gradExecutors.clear();
    }

    @Override
    public Object runtimeAttr(String name) {
        Object v = getAttr(name);
        return v instanceof Tensor ? ((Tensor) v).array() : RuntimeValues.toRuntime(v);
    }

    @Override
    public void setRuntimeAttr(String name, Object value) {
        Object old = attributes.get(name);
        if (value instanceof NdArray && old instanceof Tensor) {
            // Keep the parameter's identity (the eager module and optimizers hold it): replace its data.
            ((Tensor) old).copyInPlace(Tensor.fromArray((NdArray) value));
            return;
        }
        Object now = value instanceof NdArray ? Tensor.fromArray((NdArray) value) : value;
        attributes.put(name, now);
        if (old instanceof ScriptModule || now instanceof ScriptModule) forgetPlans();
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
        executors.remove(name);
        gradExecutors.remove(name);
    }

    public Graph methodGraph(String name) {
        Graph g = methods.get(name);
        if (g == null) throw new IllegalArgumentException(className + " has no method '" + name + "'; it has " + methods.keySet());
        return g;
    }

    public List<String> methodNames() {
        return new ArrayList<>(methods.keySet());
    }

    /** The graph calls of this method run when nothing is known of the inputs (after the default pass pipeline). */
    public Graph optimizedGraph(String method) {
        methodGraph(method);
        return ((jitbook.passes.GraphExecutor) method(method)).optimizedGraph();
    }

    /** The forward graph as recorded or compiled. */
    public Graph graph() {
        return methodGraph("forward");
    }

    @Override
    public Executable method(String name) {
        if (!methods.containsKey(name)) return null;
        // Submodule calls are inlined first (TorchScript inlines by default), so the optimizer and
        // fuser see across submodule boundaries without freezing.
        return executors.computeIfAbsent(name, n -> new jitbook.passes.GraphExecutor(
                jitbook.passes.Inliner.inlineCalls(methods.get(n), this, ScriptModule::methodGraphOf, null), f -> null));
    }

    /** The graph of a method of a script module (null for other objects), for inlining its calls. */
    private static Graph methodGraphOf(ScriptObject object, String method) {
        return object instanceof ScriptModule ? ((ScriptModule) object).methods.get(method) : null;
    }

    @Override
    public String typeName() {
        return className;
    }

    /** Calls a method with user-form arguments (self is implied). */
    public Object callMethod(String name, Object... args) {
        name = overloadFor(name, args.length);
        Executable m = method(name);
        if (m == null) throw new IllegalArgumentException(className + " has no method '" + name + "'");
        Object[] rt = new Object[args.length + 1];
        rt[0] = this;
        for (int i = 0; i < args.length; i++) rt[i + 1] = RuntimeValues.toRuntime(args[i]);
        Graph g = methods.get(name);
        Object[] out;
        if (jitbook.tensor.GradMode.isEnabled() && (jitbook.autodiff.GradExecutor.anyRequiresGrad(args) || hasParameters())) {
            // Differentiable call: parameters and inputs that require grad get gradients through the backward graph.
            Object[] user = new Object[rt.length];
            System.arraycopy(args, 0, user, 1, args.length);
            out = gradExecutor(name).call(rt, user, this::parameterAt);
        } else {
            out = m.run(rt);
        }
        if (out.length == 1) return RuntimeValues.fromRuntime(out[0], g.outputs().get(0).type());
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < out.length; i++) l.add(RuntimeValues.fromRuntime(out[i], g.outputs().get(i).type()));
        return l;
    }

    /** A scripted overload is compiled as {@code name__arity} (the primary keeps the plain name): the one these arguments call. */
    private String overloadFor(String name, int arity) {
        Graph g = methods.get(name);
        if (g != null && g.inputs().size() == arity + 1) return name;
        String overload = name + "__" + arity;
        return methods.containsKey(overload) ? overload : name;
    }

    public Object call(Object... args) {
        return callMethod("forward", args);
    }

    private final Map<String, jitbook.autodiff.GradExecutor> gradExecutors = new java.util.concurrent.ConcurrentHashMap<>();

    private jitbook.autodiff.GradExecutor gradExecutor(String method) {
        return gradExecutors.computeIfAbsent(method,
                n -> new jitbook.autodiff.GradExecutor(methods.get(n), this, ScriptModule::methodGraphOf, null,
                        g -> new jitbook.passes.GraphExecutor(g, f -> null)));
    }

    private boolean hasParameters() {
        for (Object v : attributes.values()) {
            if (v instanceof Tensor && ((Tensor) v).requiresGrad()) return true;
            if (v instanceof ScriptModule && ((ScriptModule) v).hasParameters()) return true;
        }
        return false;
    }

    /** The tensor at an attribute path from this module if it is a parameter (requires grad), else null. */
    private Tensor parameterAt(List<String> path) {
        Object v = this;
        for (String p : path) {
            if (!(v instanceof ScriptModule)) return null;
            v = ((ScriptModule) v).attributes.get(p);
        }
        return v instanceof Tensor && ((Tensor) v).requiresGrad() ? (Tensor) v : null;
    }

    /**
     * The backward graph autograd runs for {@code forward} with respect to the parameters (inputs
     * not requiring grad): it takes the output's gradient and the saved values and returns the
     * parameters' gradients, in {@link #namedParameters()} order of first use. For display.
     */
    public Graph backwardGraph() {
        jitbook.autodiff.GradExecutor e = gradExecutor("forward");
        return e.gradient(new boolean[graph().inputs().size()], e.parameterPaths(this::parameterAt)).backward();
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

    /** The source this module was compiled from, kept for display (Jit.save stores it); null if unknown. */
    public String source() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
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
