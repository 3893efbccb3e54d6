package jitbook.magics.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jitbook.exec.Interpreter;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.magics.Handoff;
import jitbook.magics.timing.Timing;
import jitbook.passes.GraphExecutor;
import jitbook.script.Scripting;
import jitbook.tensor.Tensor;
import jitbook.trace.CallSite;
import jitbook.trace.TraceOptions;
import jitbook.trace.TracerWarning;
import jitbook.trace.TracingCheckError;

/**
 * The part of {@code %%trace} that runs inside the cell's own snippet. JShell runs every
 * snippet on a new thread and the tracer is thread-scoped, so the magic generates a snippet that
 * calls {@link #run} with the cell body as a lambda: the trace, the timing runs and the checks
 * all happen on the thread that runs the cell's code. The snippet binds the result; the report
 * for display is left in {@link Handoff} under {@code key + "/report"}.
 */
public final class TraceCell {
    private TraceCell() {
    }

    /** The cell body: inputs in, the cell's last expression out. */
    @FunctionalInterface
    public interface Body {
        Object apply(Object[] inputs) throws Exception;
    }

    /** Where the running cell's line 1 sits in JShell's generated class (set by {@link #mark}). */
    private static final class Anchor {
        volatile String className;
        volatile int line;
        final String[] cellLines;
        final int headerLine;

        Anchor(String[] cellLines, int headerLine) {
            this.cellLines = cellLines;
            this.headerLine = headerLine;
        }

        /** The cell line of a frame of the cell's class, or 0. */
        int cellLine(CallSite site) {
            if (site == null || className == null || !className.equals(site.className)) return 0;
            int l = site.line - line + headerLine;
            return l >= 1 && l <= cellLines.length ? l : 0;
        }
    }

    private static volatile Anchor anchor;

    /**
     * Called first in the cell's lambda, on the cell's line 1: remembers which generated class
     * and line that is, so tracer warnings can name cell lines. Cheap after the first call.
     */
    public static void mark() {
        Anchor a = anchor;
        if (a == null || a.className != null) return;
        StackWalker.StackFrame f = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElse(null);
        if (f != null) {
            a.line = f.getLineNumber();
            a.className = f.getClassName();
        }
    }

    /** Traces the cell; returns the ScriptFunction (or ScriptModule, when it captured session tensors) to bind. */
    public static Object run(String key, Object[] inputs, Body body) throws Throwable {
        TraceRequest req = (TraceRequest) Handoff.take(key);
        if (req == null) throw new IllegalStateException("no trace request under " + key);
        Tensor[] tensors = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!(inputs[i] instanceof Tensor)) {
                throw new IllegalArgumentException("%%trace input " + req.inputNames.get(i) + " is "
                        + (inputs[i] == null ? "null" : "a " + inputs[i].getClass().getSimpleName())
                        + "; traced functions take tensors (use %%script for other argument types)");
            }
            tensors[i] = (Tensor) inputs[i];
        }
        Anchor a = new Anchor(req.cellLines, req.headerLine);
        anchor = a;
        Function<CallSite, String> previous = CallSite.lineResolver;
        CallSite.lineResolver = site -> {
            int l = a.cellLine(site);
            return l > 0 ? a.cellLines[l - 1] : previous.apply(site);
        };
        try {
            return traceAndReport(key, req, tensors, body, a);
        } catch (TracerWarning w) {
            int line = a.cellLine(w.site());
            throw new TraceCellError("%%trace --strict: a traced tensor escaped into a Java value (" + w.how() + ")"
                    + (line > 0 ? " at cell line " + line + ": " + a.cellLines[line - 1].strip() : "")
                    + ". The trace would freeze what Java did with it; keep the computation in tensor ops, or drop --strict.");
        } catch (TracingCheckError e) {
            throw new TraceCellError("%%trace --check: " + e.getMessage());
        } finally {
            CallSite.lineResolver = previous;
            anchor = null;
        }
    }

    private static Object traceAndReport(String key, TraceRequest req, Tensor[] inputs, Body body, Anchor a) throws Throwable {
        TraceOptions options = TraceOptions.defaults().setStrict(req.strict).inputNames(req.inputNames.toArray(new String[0]));
        for (Tensor[] set : req.checkSets) options.addCheckInputs(set);
        TraceReport r = new TraceReport();
        r.boundName = req.name;
        r.inputs = req.inputNames;
        r.attributes = new ArrayList<>(req.captured.keySet());
        r.checkedSets = req.checkSets.size();
        r.noOpt = req.noOpt;

        long t0 = System.nanoTime();
        Object bound;
        List<TracerWarning> warnings;
        Timing.Body compiled;
        Object[] explainArgs;
        if (req.captured.isEmpty()) {
            ScriptFunction f = Jit.traceArray(in -> uncheck(body, in), options, inputs);
            r.compileMillis = (System.nanoTime() - t0) / 1e6;
            f.setSource(String.join("\n", java.util.Arrays.asList(req.cellLines).subList(req.headerLine, req.cellLines.length)));
            Scripting.define(req.name, f);
            bound = f;
            warnings = f.warnings();
            r.graph = f.graph();
            r.boundType = "ScriptFunction";
            Object[] arrays = arrays(null, inputs);
            Interpreter plain = new Interpreter(f.graph(), f.functions());
            compiled = req.noOpt ? () -> plain.run(arrays) : () -> f.call((Object[]) inputs);
            if (!req.noOpt) {
                long o0 = System.nanoTime();
                f.optimizedGraph((Object[]) inputs);
                r.optimizeMillis = (System.nanoTime() - o0) / 1e6;
                r.optimization = f.explainOptimization((Object[]) inputs);
            }
            explainArgs = null;
        } else {
            CellModule m = new CellModule(req.captured, body);
            ScriptModule sm = Jit.trace(m, options, inputs);
            r.compileMillis = (System.nanoTime() - t0) / 1e6;
            bound = sm;
            warnings = sm.warnings();
            r.graph = sm.graph();
            r.boundType = "ScriptModule";
            explainArgs = arrays(sm, inputs);
            Interpreter plain = new Interpreter(sm.graph());
            compiled = req.noOpt ? () -> plain.run(explainArgs) : () -> sm.forward(inputs);
            if (!req.noOpt) {
                GraphExecutor ex = new GraphExecutor(sm.graph(), n -> null);
                long o0 = System.nanoTime();
                ex.specializedGraph(explainArgs);
                r.optimizeMillis = (System.nanoTime() - o0) / 1e6;
                r.optimization = ex.explain(explainArgs);
            }
        }
        List<TraceReport.Warning> ws = new ArrayList<>();
        for (TracerWarning w : warnings) {
            int line = a.cellLine(w.site());
            ws.add(new TraceReport.Warning(w.how(), line, line > 0 ? a.cellLines[line - 1] : null, w.getMessage()));
        }
        r.warnings = ws;
        Object[] in = inputs;
        r.timing = new Timing.Comparison(Timing.sample(() -> body.apply(in), req.runs, 300_000_000L),
                Timing.sample(compiled, req.runs, 300_000_000L));
        Handoff.put(key + "/report", r);
        return bound;
    }

    private static Object uncheck(Body body, Object[] in) {
        try {
            return body.apply(in);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** Runtime-form arguments (tensors as their arrays), with {@code self} first when given. */
    private static Object[] arrays(Object self, Tensor[] inputs) {
        int k = self == null ? 0 : 1;
        Object[] out = new Object[inputs.length + k];
        if (self != null) out[0] = self;
        for (int i = 0; i < inputs.length; i++) out[i + k] = inputs[i].array();
        return out;
    }
}
