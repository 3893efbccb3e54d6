package jitbook.passes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jitbook.ir.Graph;
import jitbook.ir.Verifier;

/**
 * An ordered list of passes, some grouped to repeat until none of them changes the graph. Each
 * run records, per pass, whether it changed the graph and (when recording) the printed graph
 * after it. With verification on (the default whenever Java assertions are enabled, as in
 * tests) the {@link Verifier} checks the graph after every pass and a failure names the pass.
 *
 * <pre>{@code
 * PassPipeline p = PassPipeline.of("inline", "constprop", "dce");
 * PassPipeline q = PassPipeline.defaultPipeline().withPassBefore("fuse", myRewrites);
 * PipelineRun run = q.run(graph);   // graph is rewritten in place
 * }</pre>
 */
public final class PassPipeline {
    private static final Map<String, Supplier<Pass>> NAMED = Collections.synchronizedMap(new LinkedHashMap<>());
    private static final int MAX_FIXED_POINT_ROUNDS = 10;

    static {
        NAMED.put("inline", Inliner::new);
        NAMED.put("constprop", ConstantPropagation::new);
        NAMED.put("dce", DeadCodeElimination::new);
        NAMED.put("cse", CommonSubexpressionElimination::new);
        NAMED.put("peephole", Peephole::new);
        NAMED.put("unroll", LoopUnrolling::new);
        NAMED.put("list-mutation", ListMutationRemoval::new);
        NAMED.put("shape-prop", ShapePropagation::new);
        NAMED.put("fuse", ElementwiseFusion::new);
    }

    /** A step: one pass, or a group repeated to a fixed point. */
    private static final class Step {
        final List<Pass> passes;
        final boolean repeat;

        Step(List<Pass> passes, boolean repeat) {
            this.passes = List.copyOf(passes);
            this.repeat = repeat;
        }
    }

    private final List<Step> steps;
    private final boolean verify;
    private final boolean record;
    private final PassContext context;

    private PassPipeline(List<Step> steps, boolean verify, boolean record, PassContext context) {
        this.steps = List.copyOf(steps);
        this.verify = verify;
        this.record = record;
        this.context = context;
    }

    private static boolean assertionsOn() {
        boolean on = false;
        assert on = true;
        return on;
    }

    public static PassPipeline empty() {
        return new PassPipeline(List.of(), assertionsOn(), true, PassContext.DEFAULT);
    }

    /**
     * The optimizer: inlining, then constant propagation, peephole algebra, list-mutation removal,
     * CSE and DCE to a fixed point, loop unrolling and the same cleanup again, shape propagation
     * and the shape-aware rules it enables, and last elementwise fusion (and DCE of what it left).
     */
    public static PassPipeline defaultPipeline() {
        return empty()
                .then(named("inline"))
                .thenRepeat(named("constprop"), named("peephole"), named("list-mutation"), named("cse"), named("dce"))
                .then(named("unroll"))
                .thenRepeat(named("constprop"), named("peephole"), named("list-mutation"), named("cse"), named("dce"))
                .then(named("shape-prop"))
                .thenRepeat(named("peephole"), named("constprop"), named("cse"), named("dce"))
                .then(named("fuse"))
                .then(named("dce"));
    }

    /** A pipeline of registered passes by name, run once each in order. */
    public static PassPipeline of(String... names) {
        PassPipeline p = empty();
        for (String n : names) p = p.then(named(n));
        return p;
    }

    /** A fresh instance of the pass registered under {@code name}. */
    public static Pass named(String name) {
        Supplier<Pass> s = NAMED.get(name);
        if (s == null) throw new IllegalArgumentException("no pass named '" + name + "'; known: " + NAMED.keySet());
        return s.get();
    }

    /** Registers a pass under a name, for {@link #of(String...)} (a user's pass from a notebook cell, say). */
    public static void register(String name, Supplier<Pass> pass) {
        NAMED.put(name, pass);
    }

    public static List<String> passNames() {
        return new ArrayList<>(NAMED.keySet());
    }

    public PassPipeline then(Pass p) {
        List<Step> s = new ArrayList<>(steps);
        s.add(new Step(List.of(p), false));
        return new PassPipeline(s, verify, record, context);
    }

    /** Appends a group of passes run again and again until a whole round changes nothing. */
    public PassPipeline thenRepeat(Pass... group) {
        List<Step> s = new ArrayList<>(steps);
        s.add(new Step(List.of(group), true));
        return new PassPipeline(s, verify, record, context);
    }

    /** Inserts {@code p} as its own step before the first step containing a pass named {@code name}. */
    public PassPipeline withPassBefore(String name, Pass p) {
        List<Step> s = new ArrayList<>(steps);
        for (int i = 0; i < s.size(); i++) {
            for (Pass q : s.get(i).passes) {
                if (q.name().equals(name)) {
                    s.add(i, new Step(List.of(p), false));
                    return new PassPipeline(s, verify, record, context);
                }
            }
        }
        throw new IllegalArgumentException("the pipeline has no pass named '" + name + "'");
    }

    /** Adds {@code p} to every repeated group, so user rewrites take part in the cleanup rounds. */
    public PassPipeline withCleanupPass(Pass p) {
        List<Step> s = new ArrayList<>();
        for (Step st : steps) {
            if (!st.repeat) {
                s.add(st);
                continue;
            }
            List<Pass> ps = new ArrayList<>(st.passes);
            ps.add(0, p);
            s.add(new Step(ps, true));
        }
        return new PassPipeline(s, verify, record, context);
    }

    /** Runs the verifier after every pass (on by default when assertions are enabled). */
    public PassPipeline verifying(boolean on) {
        return new PassPipeline(steps, on, record, context);
    }

    /** Whether runs keep the printed graph after each pass (on by default; the executor turns it off). */
    public PassPipeline recording(boolean on) {
        return new PassPipeline(steps, verify, on, context);
    }

    public PassPipeline withContext(PassContext c) {
        return new PassPipeline(steps, verify, record, c);
    }

    public PassContext context() {
        return context;
    }

    /** The pass names in order (a repeated group in brackets). */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) {
            List<String> names = new ArrayList<>();
            for (Pass p : s.passes) names.add(p.name());
            out.add(s.repeat ? "[" + String.join(", ", names) + "]*" : names.get(0));
        }
        return out;
    }

    /** Optimizes a copy of {@code g}, leaving {@code g} as it was. */
    public Graph optimize(Graph g) {
        Graph c = g.copy();
        run(c);
        return c;
    }

    /** Rewrites {@code g} in place. */
    public PipelineRun run(Graph g) {
        List<PassRecord> records = new ArrayList<>();
        String input = record ? g.toString() : null;
        boolean check = verify && inputVerifies(g);
        String before = input;
        for (Step s : steps) {
            for (int round = 0; round < (s.repeat ? MAX_FIXED_POINT_ROUNDS : 1); round++) {
                boolean any = false;
                for (Pass p : s.passes) {
                    boolean changed = p.run(g, context);
                    any |= changed;
                    String after = record ? (changed ? g.toString() : before) : null;
                    if (check) verifyAfter(p, g, before);
                    records.add(new PassRecord(p.name(), changed, before, after));
                    before = after;
                }
                if (!any) break;
            }
        }
        return new PipelineRun(g, input, records);
    }

    private static boolean inputVerifies(Graph g) {
        try {
            Verifier.verify(g);
            return true;
        } catch (RuntimeException e) {
            // Already invalid (the script compiler verifies what it lowers, so this is a specialization
            // whose shapes make an op fail, which it will at run time too): passes cannot be blamed.
            return false;
        }
    }

    private static void verifyAfter(Pass p, Graph g, String before) {
        try {
            Verifier.verify(g);
        } catch (RuntimeException e) {
            throw new PassFailure("pass '" + p.name() + "' left an invalid graph: " + e.getMessage()
                    + (before == null ? "" : "\n-- before:\n" + before) + "\n-- after:\n" + g, e);
        }
    }

    /** A pass broke an invariant the verifier checks. */
    public static final class PassFailure extends RuntimeException {
        PassFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
