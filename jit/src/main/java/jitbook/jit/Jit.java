package jitbook.jit;

import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;
import jitbook.ir.IrParser;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;
import jitbook.trace.TraceOptions;
import jitbook.trace.TraceResult;
import jitbook.trace.Tracing;

/**
 * The front door of script mode, as {@code torch.jit}: {@code trace} records what eager code
 * does on example inputs; {@code parseIr} reads IR text. Options, when given, come before the
 * example inputs.
 */
public final class Jit {
    private Jit() {
    }

    public static ScriptFunction trace(TracedFunctions.Fn1 fn, Tensor a) {
        return trace(fn, TraceOptions.defaults(), a);
    }

    public static ScriptFunction trace(TracedFunctions.Fn1 fn, TraceOptions options, Tensor a) {
        return traceArray(in -> fn.apply(in[0]), options, a);
    }

    public static ScriptFunction trace(TracedFunctions.Fn2 fn, Tensor a, Tensor b) {
        return trace(fn, TraceOptions.defaults(), a, b);
    }

    public static ScriptFunction trace(TracedFunctions.Fn2 fn, TraceOptions options, Tensor a, Tensor b) {
        return traceArray(in -> fn.apply(in[0], in[1]), options, a, b);
    }

    public static ScriptFunction trace(TracedFunctions.Fn3 fn, Tensor a, Tensor b, Tensor c) {
        return trace(fn, TraceOptions.defaults(), a, b, c);
    }

    public static ScriptFunction trace(TracedFunctions.Fn3 fn, TraceOptions options, Tensor a, Tensor b, Tensor c) {
        return traceArray(in -> fn.apply(in[0], in[1], in[2]), options, a, b, c);
    }

    public static ScriptFunction trace(TracedFunctions.Fn4 fn, Tensor a, Tensor b, Tensor c, Tensor d) {
        return traceArray(in -> fn.apply(in[0], in[1], in[2], in[3]), TraceOptions.defaults(), a, b, c, d);
    }

    /** Traces a function of any number of tensors, passed as an array. */
    public static ScriptFunction traceArray(TracedFunctions.FnN fn, TraceOptions options, Tensor... inputs) {
        TraceResult r = Tracing.traceFunction(fn::apply, inputs, options);
        return new ScriptFunction("traced", r.graph, formOf(r.eagerOutput), r.warnings);
    }

    /** Traces a module's forward; the result's parameters are the module's own tensors, read as attributes. */
    public static ScriptModule trace(Module module, Tensor... inputs) {
        return trace(module, TraceOptions.defaults(), inputs);
    }

    public static ScriptModule trace(Module module, TraceOptions options, Tensor... inputs) {
        TraceResult r = Tracing.traceModule(module, inputs, options);
        ScriptModule sm = ModuleMirror.of(module);
        sm.addMethod("forward", r.graph);
        sm.addWarnings(r.warnings);
        return sm;
    }

    /** Reads IR text as printed by a graph's {@code toString()}. */
    public static Graph parseIr(String text) {
        return IrParser.parse(text);
    }

    static OutputForm formOf(Object out) {
        if (out instanceof Tensor[]) return OutputForm.ARRAY;
        if (out instanceof List) return OutputForm.LIST;
        return OutputForm.SINGLE;
    }
}
