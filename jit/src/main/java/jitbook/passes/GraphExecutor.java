package jitbook.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jitbook.exec.Executable;
import jitbook.exec.Interpreter;
import jitbook.exec.ScriptObject;
import jitbook.ir.Graph;
import jitbook.ops.NdArray;

/**
 * Runs a graph the way TorchScript's profiling executor does. Calls are keyed by their input
 * signature (dtype and shape of each tensor, class of every other argument), computed on every
 * call as a cheap guard. A signature seen {@code profileRuns} times gets a plan specialized to
 * it: the graph's input types set to what arrived, shapes propagated, the default pipeline run
 * (shape-aware folding and fusion included) and the result planned once for the interpreter.
 * Other calls run the generic plan: the same pipeline over the graph with recorded tensor types
 * forgotten, so it is right for any input. At most {@code maxSpecializations} signatures are
 * specialized; after that everything new runs generic. Plans are immutable and shared by all
 * threads; the original graph is never modified.
 *
 * <p>Dependencies: {@code jit -> passes -> exec -> ir/ops}. The interpreter knows nothing of
 * optimization; this class composes the two, and {@code ScriptFunction}/{@code ScriptModule}
 * call through it.
 */
public final class GraphExecutor implements Executable {
    private static volatile boolean enabled = !"false".equals(System.getProperty("jitbook.optimize"));

    private final Graph graph;
    private final Interpreter.FunctionResolver functions;
    private final PassPipeline pipeline;
    private final int maxSpecializations;
    private final int profileRuns;
    private final Map<Signature, Plan> specialized = new ConcurrentHashMap<>();
    private final Map<Signature, AtomicInteger> seen = new ConcurrentHashMap<>();
    private volatile Plan generic;
    private volatile Interpreter unoptimized;

    /** An optimized graph and its interpreter. */
    private static final class Plan {
        final Graph graph;
        final Interpreter interpreter;

        Plan(Graph graph, Interpreter interpreter) {
            this.graph = graph;
            this.interpreter = interpreter;
        }
    }

    public GraphExecutor(Graph graph, Interpreter.FunctionResolver functions) {
        this(graph, functions, name -> null, 8, 2);
    }

    /**
     * @param calleeGraphs graphs of called functions, for inlining (null answers mean "not known")
     * @param maxSpecializations how many input signatures get their own plan
     * @param profileRuns how many calls with one signature run generic before it is specialized
     */
    public GraphExecutor(Graph graph, Interpreter.FunctionResolver functions, Function<String, Graph> calleeGraphs,
                         int maxSpecializations, int profileRuns) {
        this.graph = graph;
        this.functions = functions;
        this.pipeline = PassPipeline.defaultPipeline().recording(false)
                .withContext(PassContext.DEFAULT.withFunctions(calleeGraphs));
        this.maxSpecializations = maxSpecializations;
        this.profileRuns = Math.max(1, profileRuns);
    }

    /** Turns optimization on or off for every executor (off: graphs run exactly as recorded). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static boolean isEnabled() {
        return enabled;
    }

    @Override
    public Object[] run(Object[] args) {
        if (!enabled) return unoptimized().run(args);
        Signature s = new Signature(args);
        Plan p = specialized.get(s);
        if (p != null) return p.interpreter.run(args);
        if (specialized.size() < maxSpecializations) {
            if (seen.size() > 4 * maxSpecializations) seen.clear(); // keep profiling counts bounded
            int count = seen.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
            if (count >= profileRuns) {
                p = specialize(s, args);
                if (p != null) return p.interpreter.run(args);
            }
        }
        return generic().interpreter.run(args);
    }

    private synchronized Plan specialize(Signature s, Object[] args) {
        Plan p = specialized.get(s);
        if (p != null || specialized.size() >= maxSpecializations) return p;
        p = build(specializedGraph(args));
        specialized.put(s, p);
        seen.remove(s);
        return p;
    }

    private Plan generic() {
        Plan g = generic;
        if (g == null) {
            synchronized (this) {
                g = generic;
                if (g == null) {
                    g = build(optimizedGraph());
                    generic = g;
                }
            }
        }
        return g;
    }

    private Interpreter unoptimized() {
        Interpreter i = unoptimized;
        if (i == null) {
            synchronized (this) {
                i = unoptimized;
                if (i == null) {
                    i = new Interpreter(graph, functions);
                    unoptimized = i;
                }
            }
        }
        return i;
    }

    private Plan build(Graph g) {
        return new Plan(g, new Interpreter(g, functions));
    }

    /** The graph this executor runs when nothing is known about the inputs (tensor types forgotten, then optimized). */
    public Graph optimizedGraph() {
        Plan p = generic;
        if (p != null) return p.graph.copy();
        Graph g = graph.copy();
        ShapePropagation.eraseTensorTypes(g);
        pipeline.run(g);
        return g;
    }

    /** The graph optimized for inputs like {@code args} (runtime form: tensors as {@link NdArray}). */
    public Graph specializedGraph(Object[] args) {
        Graph g = graph.copy();
        ShapePropagation.specialize(g, args);
        pipeline.run(g);
        return g;
    }

    /** Runs the default pipeline with recording on, over the graph specialized to {@code args} (or generic if null): for display. */
    public PipelineRun explain(Object[] args) {
        Graph g = graph.copy();
        if (args == null) ShapePropagation.eraseTensorTypes(g); else ShapePropagation.specialize(g, args);
        return pipeline.recording(true).run(g);
    }

    /** Signatures with a specialized plan, as text (for display and tests). */
    public List<String> specializations() {
        List<String> out = new ArrayList<>();
        for (Signature s : specialized.keySet()) out.add(s.toString());
        return out;
    }

    /** Input signature: per argument, a tensor's dtype and shape or another value's class. */
    static final class Signature {
        private final Object[] keys;
        private final int hash;

        Signature(Object[] args) {
            keys = new Object[args.length];
            int h = args.length;
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                Object k;
                if (a instanceof NdArray) {
                    NdArray t = (NdArray) a;
                    k = new TensorKey(t);
                } else if (a instanceof ScriptObject) {
                    k = ScriptObject.class; // attributes are read at run time, never specialized on
                } else {
                    k = a == null ? Void.class : a.getClass();
                }
                keys[i] = k;
                h = h * 31 + k.hashCode();
            }
            hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signature && ((Signature) o).hash == hash && Arrays.equals(keys, ((Signature) o).keys);
        }

        @Override
        public String toString() {
            List<String> s = new ArrayList<>();
            for (Object k : keys) s.add(k instanceof Class ? ((Class<?>) k).getSimpleName() : k.toString());
            return "(" + String.join(", ", s) + ")";
        }
    }

    private static final class TensorKey {
        final jitbook.ops.DType dtype;
        final long[] shape;
        final int hash;

        TensorKey(NdArray t) {
            dtype = t.dtype();
            shape = t.shape();
            hash = dtype.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TensorKey && ((TensorKey) o).dtype == dtype && Arrays.equals(((TensorKey) o).shape, shape);
        }

        @Override
        public String toString() {
            return new jitbook.ir.Type.TensorType(dtype, shape).print();
        }
    }

}
