package jitbook.jit;

import java.util.List;
import java.util.Map;

import jitbook.io.LoadOptions;
import jitbook.io.LoadedModel;
import jitbook.io.ModelReader;
import jitbook.io.ModelWriter;
import jitbook.io.SaveOptions;
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
        if (module.isTraining() && r.graph.allNodes().stream().anyMatch(n -> {
            jitbook.ops.OpDef op = n.op();
            return op != null && op.has(jitbook.ops.OpTrait.RANDOM);
        })) {
            java.util.List<jitbook.trace.TracerWarning> ws = new java.util.ArrayList<>(r.warnings);
            ws.add(jitbook.trace.TracerWarning.trainingModeFrozen(module.getClass().getSimpleName()));
            r = new TraceResult(r.graph, ws, r.eagerOutput);
        }
        ScriptModule sm = ModuleMirror.of(module);
        sm.addMethod("forward", r.graph);
        sm.addWarnings(r.warnings);
        return sm;
    }

    // ---- save and load (jitbook.io) -------------------------------------------------------------

    /** Saves a module to a {@code .jbm} file: IR text, parameters as .npy, a JSON manifest. Saving twice writes identical bytes. */
    public static void save(ScriptModule module, java.nio.file.Path path) throws java.io.IOException {
        save(module, path, SaveOptions.defaults());
    }

    /** Saves with options: the source to keep for display, extra files of user metadata. */
    public static void save(ScriptModule module, java.nio.file.Path path, SaveOptions options) throws java.io.IOException {
        ModelWriter.save(module, path, options);
    }

    /** Saves a function; {@link #load} gives it back as a module whose forward is the function. */
    public static void save(ScriptFunction function, java.nio.file.Path path) throws java.io.IOException {
        save(function, path, SaveOptions.defaults());
    }

    public static void save(ScriptFunction function, java.nio.file.Path path, SaveOptions options) throws java.io.IOException {
        ModelWriter.saveFunction(SavedModules.asModule(function), path, options);
    }

    /**
     * Loads a saved module for inference: in eval mode, no parameter requiring grad (PyTorch's
     * {@code eval()} + {@code inference_mode()}); {@code load(path, LoadOptions.training())} keeps
     * the saved training state. Needs only this jar: no source, compiler or notebook. A truncated,
     * tampered or too-new file, a zip bomb, or one naming an unknown op, is refused with a
     * {@link jitbook.io.ModelFormatException} naming the file and the entry.
     */
    public static ScriptModule load(java.nio.file.Path path) throws java.io.IOException {
        return load(path, LoadOptions.inference());
    }

    /** Loads a saved module as {@code options} say: for inference or for training, within its size limits. */
    public static ScriptModule load(java.nio.file.Path path, LoadOptions options) throws java.io.IOException {
        return SavedModules.toScriptModule(ModelReader.load(path, options).module());
    }

    /** Loads a saved module and puts the extra files saved with it into {@code extraFiles}. */
    public static ScriptModule load(java.nio.file.Path path, Map<String, byte[]> extraFiles) throws java.io.IOException {
        LoadedModel m = ModelReader.load(path);
        extraFiles.putAll(m.extraFiles());
        return SavedModules.toScriptModule(m.module());
    }

    /**
     * Loads a saved module from a stream (a resource in a service's jar, bytes a Spark executor
     * was sent) as {@code options} say; {@code name} is how errors name the file.
     */
    public static ScriptModule load(java.io.InputStream in, String name, LoadOptions options) throws java.io.IOException {
        return SavedModules.toScriptModule(ModelReader.load(in, name, options).module());
    }

    /** A function that runs {@code graph} (IR text read with {@link #parseIr}, or a graph built by hand). */
    public static ScriptFunction function(String name, Graph graph) {
        return new ScriptFunction(name, graph, graph.outputs().size() == 1 ? OutputForm.SINGLE : OutputForm.LIST, List.of());
    }

    /** Compiles one method written in the script subset of Java, as {@code torch.jit.script} on a function. */
    public static ScriptFunction script(String methodSource) {
        return jitbook.script.Scripting.script(methodSource);
    }

    /** Compiles a unit of methods, records, enums and classes; get functions with {@code unit.function(name)}. */
    public static jitbook.script.CompilationUnit compile(String source) {
        return jitbook.script.Scripting.compile(source);
    }

    /** Compiles a module's forward (and what it calls) from its class's source; parameters are the module's own tensors. */
    public static ScriptModule script(Module module) {
        return jitbook.script.Scripting.script(module);
    }

    /**
     * Freezes a module for inference, as {@code torch.jit.freeze}: a new module whose methods
     * read the current parameter and attribute values as constants (attributes a method writes
     * excepted), with submodule calls inlined and the optimizer run again over the result. The
     * folded attributes are dropped, so the frozen module has no {@code namedParameters()} left
     * (unless a method still reads them); a module in training mode is refused.
     */
    public static ScriptModule freeze(ScriptModule module) {
        return ModuleFreezing.freeze(module);
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
