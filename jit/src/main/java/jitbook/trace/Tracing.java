package jitbook.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.ir.IrPrinter;
import jitbook.nn.Module;
import jitbook.ops.NdArray;
import jitbook.tensor.Dispatcher;
import jitbook.tensor.Tensor;

/**
 * Runs user code eagerly under a {@link Tracer} on the calling thread and returns the recorded
 * graph. The tracer is installed only for the extent of the call (try-with-resources), so an
 * exception leaves no tracing state behind, and other threads never see it. With check inputs,
 * re-traces and compares graphs and outputs ({@link TracingCheckError}).
 */
public final class Tracing {
    private Tracing() {
    }

    /** Traces {@code body} (a function of the input tensors returning a Tensor, Tensor[] or List of tensors). */
    public static TraceResult traceFunction(Function<Tensor[], Object> body, Tensor[] inputs, TraceOptions options) {
        TraceResult r = traceOnce(body, inputs, options, null);
        for (Tensor[] check : options.checkInputSets()) {
            TraceResult c = traceOnce(body, check, options, null);
            compare(r, c, body, check, options, false);
        }
        return r;
    }

    /** Traces a module's forward; parameters and buffers are read as attributes of {@code self}. */
    public static TraceResult traceModule(Module module, Tensor[] inputs, TraceOptions options) {
        Function<Tensor[], Object> body = module::forward;
        TraceResult r = traceOnce(body, inputs, options, module);
        for (Tensor[] check : options.checkInputSets()) {
            TraceResult c = traceOnce(body, check, options, module);
            compare(r, c, body, check, options, true);
        }
        return r;
    }

    private static TraceResult traceOnce(Function<Tensor[], Object> body, Tensor[] inputs, TraceOptions options, Module module) {
        Tracer tracer = new Tracer(options.isStrict());
        if (module != null) {
            tracer.addSelf(module.getClass().getSimpleName());
            registerAttributes(tracer, module, "");
        }
        List<String> names = options.inputNames();
        for (int i = 0; i < inputs.length; i++) {
            tracer.addInput(inputs[i], i < names.size() ? names.get(i) : inputs.length == 1 ? "x" : "x" + i);
        }
        Object out;
        try (Dispatcher.Scope scope = Dispatcher.listen(tracer)) {
            out = body.apply(inputs);
            if (out instanceof Tensor[]) {
                for (Tensor t : (Tensor[]) out) tracer.addOutput(t);
            } else if (out instanceof List) {
                for (Object t : (List<?>) out) tracer.addOutput(t);
            } else {
                tracer.addOutput(out);
            }
        }
        return new TraceResult(tracer.graph(), tracer.warnings(), out);
    }

    private static void registerAttributes(Tracer tracer, Module m, String prefix) {
        for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
            tracer.addAttribute(p.getValue(), Arrays.asList(p.getKey().split("\\.")));
        }
        for (Map.Entry<String, Tensor> b : m.namedBuffers().entrySet()) {
            tracer.addAttribute(b.getValue(), Arrays.asList(b.getKey().split("\\.")));
        }
        registerClasses(tracer, m, "");
    }

    private static void registerClasses(Tracer tracer, Module m, String prefix) {
        for (Map.Entry<String, Module> c : m.namedChildren().entrySet()) {
            String path = prefix + c.getKey();
            tracer.addSubmoduleClass(path, c.getValue().getClass().getSimpleName());
            registerClasses(tracer, c.getValue(), path + ".");
        }
    }

    private static void compare(TraceResult first, TraceResult check, Function<Tensor[], Object> body,
                                Tensor[] checkInputs, TraceOptions options, boolean isModule) {
        String a = IrPrinter.printCanonical(first.graph, true);
        String b = IrPrinter.printCanonical(check.graph, true);
        if (!a.equals(b)) {
            throw new TracingCheckError("Tracing with the check inputs recorded a different graph: the trace does not generalize"
                    + " (a branch or loop depends on the data or the shapes of the inputs).\n" + firstDifference(a, b));
        }
        if (isModule) {
            return; // outputs of a module trace are compared by the caller, which holds the module object
        }
        Object[] args = new Object[checkInputs.length];
        for (int i = 0; i < args.length; i++) args[i] = checkInputs[i].array();
        Object[] got = new Interpreter(first.graph).run(args);
        List<Tensor> expected = flatten(check.eagerOutput);
        for (int i = 0; i < expected.size() && i < got.length; i++) {
            if (got[i] instanceof NdArray && !close((NdArray) got[i], expected.get(i).array(), options.checkTolerance())) {
                throw new TracingCheckError("The traced function's output " + i + " differs from eager execution on the check inputs"
                        + " beyond tolerance " + options.checkTolerance() + ": the trace does not generalize.");
            }
        }
    }

    static List<Tensor> flatten(Object out) {
        List<Tensor> l = new ArrayList<>();
        if (out instanceof Tensor) l.add((Tensor) out);
        else if (out instanceof Tensor[]) l.addAll(Arrays.asList((Tensor[]) out));
        else if (out instanceof List) for (Object o : (List<?>) out) if (o instanceof Tensor) l.add((Tensor) o);
        return l;
    }

    static boolean close(NdArray a, NdArray b, double tol) {
        if (!Arrays.equals(a.shape(), b.shape())) return false;
        for (int i = 0; i < a.numel(); i++) {
            double x = a.getDouble(i);
            double y = b.getDouble(i);
            if (Math.abs(x - y) > tol * (1 + Math.abs(y)) && !(Double.isNaN(x) && Double.isNaN(y))) return false;
        }
        return true;
    }

    static String firstDifference(String a, String b) {
        String[] la = a.split("\n");
        String[] lb = b.split("\n");
        for (int i = 0; i < Math.max(la.length, lb.length); i++) {
            String x = i < la.length ? la[i] : "<end of graph>";
            String y = i < lb.length ? lb[i] : "<end of graph>";
            if (!x.equals(y)) {
                return "First difference, at line " + (i + 1) + ":\n  first trace: " + x.strip() + "\n  check trace: " + y.strip();
            }
        }
        return "";
    }
}
