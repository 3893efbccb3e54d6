package jitbook.magics.builtin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.lang.model.SourceVersion;

import jitbook.magics.Handoff;
import jitbook.magics.JavaSource;
import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;
import jitbook.magics.Suggest;
import jitbook.magics.render.ReportView;
import jitbook.magics.trace.TraceReport;
import jitbook.magics.trace.TraceRequest;
import jitbook.tensor.Tensor;

/**
 * {@code %%trace name(x, w) [--check a,b] [--strict] [--no-opt] [--runs N]}: runs the cell's
 * eager code once under the tracer with the session's current {@code x} and {@code w} as example
 * inputs, binds {@code name} to the result, and shows the recorded IR, the optimizer pass by
 * pass, tracer warnings with their cell lines, and eager-versus-compiled timings. Session tensors
 * the cell reads besides its inputs become attributes (the result is then a ScriptModule), never
 * anonymous constants. The trace runs inside the snippet that runs the cell's code (see
 * {@link jitbook.magics.trace.TraceCell}).
 */
public final class TraceMagic extends BaseMagic {
    static final String USAGE = "%%trace name(input, ...) [--check var,...] [--strict] [--no-opt] [--runs N]";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE)
            .flags("--strict", "--no-opt").options("--check", "--runs").positional(1, 1);

    public TraceMagic() {
        super("trace", Kind.CELL, USAGE,
                "trace the cell's eager code into a compiled function bound to name; show IR, passes, warnings, timings", SPEC);
    }

    /**
     * Options, and the session's tensors where an input or a {@code --check} value is typed:
     * after {@code name(}, a comma or a space ({@code rows(th} completes to {@code rows(three}).
     */
    @Override
    public List<String> completions(String word, boolean cell, Session session) {
        if (word.startsWith("-")) return super.completions(word, cell, session);
        int open = Math.max(word.lastIndexOf('('), word.lastIndexOf(','));
        String typed = word.substring(open + 1), before = word.substring(0, open + 1);
        List<String> out = new ArrayList<>();
        for (String t : Names.tensors(session)) if (t.startsWith(typed)) out.add(before + t);
        return out;
    }

    @Override
    public Object run(MagicCall call, Session session) {
        MagicArgs args = args(call);
        JavaSource.Call sig = JavaSource.call(args.positional(0));
        if (sig == null) throw args.usageError("expected name(input, ...), got '" + args.positional(0) + "'");
        if (!SourceVersion.isName(sig.name())) throw args.usageError("'" + sig.name() + "' is not a Java name");
        List<String> inputs = new ArrayList<>();
        for (String a : sig.args()) {
            String in = a.strip();
            if (!SourceVersion.isName(in)) throw args.usageError("inputs are session variable names; '" + in + "' is not one");
            if (inputs.contains(in)) throw args.usageError("input " + in + " is named twice");
            inputs.add(in);
        }
        if (call.body().isBlank()) throw args.usageError("the cell is empty: write the eager code to trace below the magic line");
        Set<String> vars = new LinkedHashSet<>();
        for (Session.Variable v : session.variables()) vars.add(v.name());
        for (String in : inputs) {
            if (!vars.contains(in)) {
                throw new MagicException("NameError", "%%trace: no session variable " + in + Suggest.didYouMean(in, vars)
                        + "; define the example inputs in an earlier cell");
            }
        }
        int runs = args.intValue("--runs", 0, 1, 1_000_000);
        String body = JavaSource.returningBody(call.body(), "%%trace");
        String cell = call.cellCode();
        TraceRequest req = new TraceRequest(sig.name(), inputs, args.flag("--strict"), args.flag("--no-opt"), runs, cell, call.headerLine());

        // Session values the cell reads besides its inputs: tensors and modules become attributes.
        List<String> others = new ArrayList<>();
        for (String n : JavaSource.freeNames(call.body())) {
            if (vars.contains(n) && !inputs.contains(n) && !n.equals(sig.name())) others.add(n);
        }
        Object[] values = session.getAll(others);
        for (int i = 0; i < others.size(); i++) {
            if (values[i] instanceof Tensor || values[i] instanceof jitbook.nn.Module) req.captured.put(others.get(i), values[i]);
        }
        for (String c : args.listValue("--check")) req.checkSets.add(checkSet(c, session, vars, inputs.size(), args));

        String type = req.captured.isEmpty() ? "jitbook.jit.ScriptFunction" : "jitbook.jit.ScriptModule";
        String key = Handoff.newKey();
        Handoff.put(key, req);
        StringBuilder header = new StringBuilder("\n".repeat(call.headerLine() - 1));
        header.append(type).append(' ').append(sig.name()).append(" = (").append(type)
                .append(") jitbook.magics.trace.TraceCell.run(\"").append(key).append("\", new Object[] {")
                .append(String.join(", ", inputs)).append("}, (Object[] __in) -> { jitbook.magics.trace.TraceCell.mark();");
        for (int i = 0; i < inputs.size(); i++) {
            header.append(" jitbook.tensor.Tensor ").append(inputs.get(i)).append(" = (jitbook.tensor.Tensor) __in[").append(i).append("];");
        }
        String code = header + "\n" + body + "\n});";
        Session.Result r;
        try {
            r = session.eval(code);
        } finally {
            Handoff.take(key);
        }
        TraceReport report = (TraceReport) Handoff.take(key + "/report");
        // The tracer's own refusals (strict mode, a failed --check) say all in their message; their
        // frames would only show the generated code that ran the cell.
        if (!r.ok() && r.ename().equals(jitbook.magics.trace.TraceCellError.class.getName())) {
            throw new MagicException("TraceCellError", r.evalue());
        }
        if (!r.ok()) throw new MagicException(r.ename(), r.evalue(), r.traceback());
        if (report == null) throw new MagicException("%%trace: the cell ran but left no trace report");
        report.title = "%%trace " + sig.name() + "(" + String.join(", ", inputs) + ")";
        session.display(ReportView.bundle(report));
        return null;
    }

    private static jitbook.tensor.Tensor[] checkSet(String var, Session session, Set<String> vars, int arity, MagicArgs args) {
        if (!vars.contains(var)) {
            throw new MagicException("NameError", "%%trace --check: no session variable " + var + Suggest.didYouMean(var, vars));
        }
        Object v = session.get(var);
        if (v instanceof Tensor && arity == 1) return new Tensor[] {(Tensor) v};
        if (v instanceof Tensor[] && ((Tensor[]) v).length == arity) return (Tensor[]) v;
        if (v instanceof List && ((List<?>) v).size() == arity && ((List<?>) v).stream().allMatch(e -> e instanceof Tensor)) {
            return ((List<?>) v).toArray(new Tensor[0]);
        }
        throw args.usageError("--check " + var + " must hold " + (arity == 1 ? "a Tensor" : "a Tensor[] or List<Tensor> of " + arity
                + " tensors (one per input)") + ", not " + (v == null ? "null" : v.getClass().getSimpleName()));
    }
}
