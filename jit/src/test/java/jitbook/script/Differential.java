package jitbook.script;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jitbook.ir.Verifier;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.passes.GraphExecutor;
import jitbook.tensor.GradCheck;
import jitbook.tensor.Tensor;

/**
 * Runs one program's entry function {@code f} every way it can run and says where they disagree:
 * as plain Java (javac in memory), scripted without optimization, scripted through the optimizer
 * (the generic plan on the first call, the plan specialized to the inputs after warm-up), and
 * saved then loaded. A run's outcome is its result in a canonical form (tensors by shape and
 * values, records by component, numbers by value) or the fact that it threw. The lowered graph is
 * verified; the optimizer verifies after every pass (tests run with assertions on).
 */
final class Differential {
    /** Relative tolerance for floating results (fused float32 math differs from Java's in the last bits). */
    static final double TOLERANCE = 1e-4;

    /** How many programs' gradients were checked against finite differences (for the test's summary). */
    static final java.util.concurrent.atomic.AtomicInteger FINITE_DIFFERENCE_CHECKS = new java.util.concurrent.atomic.AtomicInteger();

    private final String source;
    private final Method eager;
    private final ScriptFunction scripted;
    private final ScriptModule loaded;

    private Differential(String source, Method eager, ScriptFunction scripted, ScriptModule loaded) {
        this.source = source;
        this.eager = eager;
        this.scripted = scripted;
        this.loaded = loaded;
    }

    /**
     * Compiles {@code source} both ways; javac's rejection is an {@link IllegalArgumentException}
     * (the program is not Java), the script compiler's a {@link ScriptCompileError}.
     */
    static Differential of(String className, String source, Path saveDir) throws Exception {
        Class<?> c = InMemoryJavac.compile(className, InMemoryJavac.wrap(className, source), Differential.class.getClassLoader());
        Method eager = null;
        for (Method m : c.getDeclaredMethods()) if (m.getName().equals("f")) eager = m;
        if (eager == null) throw new IllegalArgumentException("no method f in " + className);
        eager.setAccessible(true);
        ScriptFunction scripted = Jit.compile(source).function("f");
        Verifier.verify(scripted.graph());
        Path file = saveDir.resolve(className + ".jbm");
        Jit.save(scripted, file);
        ScriptModule loaded = Jit.load(file);
        return new Differential(source, eager, scripted, loaded);
    }

    /**
     * Compiles several programs with one javac run (each in its own nested class, so their
     * helpers and records do not clash); returns each program's {@code f}.
     */
    static List<Method> javac(String className, List<String> sources) throws Exception {
        StringBuilder unit = new StringBuilder(InMemoryJavac.IMPORTS).append("public class ").append(className).append(" {\n");
        for (int i = 0; i < sources.size(); i++) {
            unit.append("static class P").append(i).append(" {\n").append(sources.get(i)).append("\n}\n");
        }
        Class<?> c = InMemoryJavac.compile(className, unit.append("}\n").toString(), Differential.class.getClassLoader());
        List<Method> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Class<?> nested = Class.forName(c.getName() + "$P" + i, true, c.getClassLoader());
            Method f = null;
            for (Method m : nested.getDeclaredMethods()) if (m.getName().equals("f")) f = m;
            f.setAccessible(true);
            out.add(f);
        }
        return out;
    }

    /** A program whose plain-Java {@code f} is already compiled; the scripted copy is saved to {@code file}. */
    static Differential of(Method eager, String source, Path file) throws Exception {
        ScriptFunction scripted = Jit.compile(source).function("f");
        Verifier.verify(scripted.graph());
        Jit.save(scripted, file);
        return new Differential(source, eager, scripted, Jit.load(file));
    }

    static Differential of(String className, String source) throws Exception {
        return of(className, source, Files.createTempDirectory("jitbook-differential"));
    }

    ScriptFunction scripted() {
        return scripted;
    }

    /** Null if every way of running {@code f(args)} agrees with plain Java; else what differed. */
    String mismatch(Object... args) {
        Outcome java = Outcome.ofJava(() -> eager.invoke(null, copy(args)));
        List<String[]> runs = new ArrayList<>();
        GraphExecutor.setEnabled(false);
        try {
            runs.add(new String[] {"scripted", Outcome.of(() -> scripted.call(copy(args))).text});
        } finally {
            GraphExecutor.setEnabled(true);
        }
        runs.add(new String[] {"optimized (generic)", Outcome.of(() -> scripted.call(copy(args))).text});
        runs.add(new String[] {"optimized (specialized)", Outcome.of(() -> scripted.call(copy(args))).text});
        runs.add(new String[] {"optimized (specialized, again)", Outcome.of(() -> scripted.call(copy(args))).text});
        runs.add(new String[] {"saved and loaded", Outcome.of(() -> loaded.call(copy(args))).text});
        for (String[] r : runs) {
            if (r[1].startsWith("internal ")) return r[0] + " failed inside the compiler or runtime: " + r[1] + describe(args, java);
            if (!agree(java.text, r[1])) return r[0] + " gives " + r[1] + describe(args, java);
        }
        return null;
    }

    /**
     * Null if the gradient of {@code f(args).sum()} with respect to every floating tensor argument
     * (in float64) is the same from the scripted function as from eager autograd on plain Java;
     * else what differed. A program that does not return a tensor, or whose Java run throws or
     * needs no gradient, has nothing to compare.
     */
    String gradientMismatch(Object... args) {
        Object[] java = gradLeaves(args);
        Object[] compiled = gradLeaves(args);
        Tensor je;
        try {
            Object r = eager.invoke(null, java);
            if (!(r instanceof Tensor) || !((Tensor) r).requiresGrad()) return null;
            je = (Tensor) r;
            je.sum().backward();
        } catch (Exception | Error e) {
            return null;
        }
        try {
            Object r = scripted.call(compiled);
            if (!(r instanceof Tensor)) return "scripted returns " + r + " where Java returns a tensor" + describe(args, Outcome.ofJava(() -> je));
            Tensor c = (Tensor) r;
            if (!c.requiresGrad()) return "the scripted result does not require grad" + describe(args, Outcome.ofJava(() -> je));
            c.sum().backward();
        } catch (RuntimeException e) {
            return "scripted backward failed: " + e + describe(args, Outcome.ofJava(() -> je));
        }
        for (int i = 0; i < args.length; i++) {
            if (!(java[i] instanceof Tensor) || !((Tensor) java[i]).requiresGrad()) continue;
            String g = canonical(((Tensor) java[i]).grad());
            String h = canonical(((Tensor) compiled[i]).grad());
            // No gradient (null, as eager autograd leaves an input nothing used) means a zero gradient.
            if (isZero(((Tensor) java[i]).grad()) && isZero(((Tensor) compiled[i]).grad())) continue;
            if (!agree(g, h)) return "the gradient of argument " + i + " is " + h + " where eager autograd gives " + g
                    + describe(args, Outcome.ofJava(() -> je));
        }
        return finiteDifferenceMismatch(args, je);
    }

    /**
     * Null if the scripted function's gradients equal central finite differences in float64
     * (GradCheck, torch.autograd.gradcheck's tolerances), else what differed. Autograd agreeing
     * with autograd could share a wrong rule; finite differences are the independent check.
     */
    private String finiteDifferenceMismatch(Object[] args, Tensor java) {
        // Only where the result is a differentiable function of the inputs as autograd sees it:
        // item() takes a tensor's value out of the graph (PyTorch's item() too), so finite
        // differences see a dependence no gradient carries. And central differences in float64
        // resolve a derivative only to about |output| * 1e-16 / eps: past ~1e4 they are noise.
        if (source.contains(".item()") || maxAbs(java) > 1e4) return null;
        Object[] leaves = gradLeaves(args);
        Map<String, Tensor> wrt = new java.util.LinkedHashMap<>();
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i] instanceof Tensor && ((Tensor) leaves[i]).requiresGrad()) wrt.put("argument " + i, (Tensor) leaves[i]);
        }
        if (wrt.isEmpty()) return null;
        FINITE_DIFFERENCE_CHECKS.incrementAndGet();
        GradCheck.Report report;
        try {
            report = GradCheck.check(() -> (Tensor) scripted.call(copyKeepingTensors(leaves)), wrt);
        } catch (RuntimeException e) {
            return "the finite-difference check of the scripted function failed: " + e + describe(args, Outcome.ofJava(() -> java));
        }
        return report.passed() ? null
                : "the scripted gradient differs from finite differences: " + report.worst() + describe(args, Outcome.ofJava(() -> java));
    }

    /** A copy of the arguments for one call that passes the same tensor objects (the leaves being perturbed). */
    private static Object[] copyKeepingTensors(Object[] leaves) {
        Object[] fresh = copy(leaves);
        for (int i = 0; i < leaves.length; i++) if (leaves[i] instanceof Tensor) fresh[i] = leaves[i];
        return fresh;
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static boolean isZero(Tensor g) {
        if (g == null) return true;
        for (double v : g.toDoubleArray()) if (v != 0) return false;
        return true;
    }

    /** Float64 copies of the floating tensor arguments that require grad; other arguments as they are. */
    static Object[] gradLeaves(Object[] args) {
        Object[] out = copy(args);
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Tensor && ((Tensor) out[i]).dtype().isFloating()) {
                out[i] = Tensor.fromArray(((Tensor) out[i]).array().to(jitbook.ops.DType.FLOAT64)).requiresGrad(true);
            }
        }
        return out;
    }

    private String describe(Object[] args, Outcome java) {
        List<String> shown = new ArrayList<>();
        for (Object a : args) shown.add(a instanceof Tensor ? Arrays.toString(((Tensor) a).toFloatArray()) : String.valueOf(a));
        return "\n  for f(" + String.join(", ", shown) + "), where Java gives " + java.text + "\nprogram:\n" + source;
    }

    /** What a run gave, in canonical text, or that it threw. */
    static final class Outcome {
        final String text;

        private Outcome(String text) {
            this.text = text;
        }

        interface Run {
            Object call() throws Exception;
        }

        /** Plain Java's outcome: whatever it throws is Java's meaning. */
        static Outcome ofJava(Run run) {
            Outcome o = of(run);
            return o.text.startsWith("internal ") ? new Outcome("throws") : o;
        }

        static Outcome of(Run run) {
            try {
                return new Outcome(canonical(run.call()));
            } catch (java.lang.reflect.InvocationTargetException e) {
                return thrown(e.getCause());
            } catch (Throwable t) {
                return thrown(t);
            }
        }

        private static Outcome thrown(Throwable t) {
            // Exceptions a Java program can raise are "throws"; anything else escaping the runtime is a bug.
            boolean internal = t instanceof ClassCastException || t instanceof NullPointerException && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("jitbook.exec")
                    || t instanceof IndexOutOfBoundsException && t.getStackTrace().length > 0
                    && t.getStackTrace()[0].getClassName().startsWith("jitbook.passes")
                    || t instanceof IllegalStateException || t instanceof AssertionError && !(t.getMessage() != null && t.getMessage().startsWith("AssertionError"));
            return new Outcome(internal ? "internal " + t : "throws");
        }
    }

    /** Tensors as "T[shape] v0 v1 ...", records and tuples as "(a, b)", lists as "[...]", numbers by value. */
    static String canonical(Object o) {
        StringBuilder sb = new StringBuilder();
        canonical(o, sb);
        return sb.toString().trim();
    }

    private static void canonical(Object o, StringBuilder sb) {
        if (o instanceof Tensor) {
            Tensor t = (Tensor) o;
            sb.append("T").append(Arrays.toString(t.shape()).replace(" ", "")).append(' ');
            if (t.dtype() == jitbook.ops.DType.BOOL || t.dtype() == jitbook.ops.DType.INT64) {
                for (long v : t.toLongArray()) sb.append(v).append(' ');
            } else {
                for (double v : t.toDoubleArray()) sb.append(num(v)).append(' ');
            }
        } else if (o instanceof Object[]) {
            sb.append("( ");
            for (Object e : (Object[]) o) canonical(e, sb);
            sb.append(") ");
        } else if (o != null && o.getClass().isRecord()) {
            sb.append("( ");
            for (RecordComponent rc : o.getClass().getRecordComponents()) {
                try {
                    canonical(rc.getAccessor().invoke(o), sb);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            sb.append(") ");
        } else if (o instanceof List) {
            sb.append("[ ");
            for (Object e : (List<?>) o) canonical(e, sb);
            sb.append("] ");
        } else if (o instanceof Map) {
            sb.append("{ ");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                canonical(e.getKey(), sb);
                canonical(e.getValue(), sb);
            }
            sb.append("} ");
        } else if (o instanceof Double || o instanceof Float) {
            sb.append(num(((Number) o).doubleValue())).append(' ');
        } else if (o instanceof Number) {
            sb.append(((Number) o).longValue()).append(' ');
        } else if (o instanceof Enum) {
            sb.append(((Enum<?>) o).name()).append(' ');
        } else if (o instanceof String) {
            sb.append('"').append(((String) o).replace(" ", "\\s")).append("\" ");
        } else {
            sb.append(o).append(' ');
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) + ".0" : Double.toString(v);
    }

    static boolean agree(String a, String b) {
        if (a.equals(b)) return true;
        String[] x = a.split(" ");
        String[] y = b.split(" ");
        if (x.length != y.length) return false;
        for (int i = 0; i < x.length; i++) {
            if (x[i].equals(y[i])) continue;
            if (!x[i].contains(".") && !x[i].contains("E") && !x[i].contains("Infinity")) return false;
            try {
                double p = Double.parseDouble(x[i]);
                double q = Double.parseDouble(y[i]);
                if (Double.isNaN(p) && Double.isNaN(q) || p == q) continue;
                if (Math.abs(p - q) > TOLERANCE * (1 + Math.abs(p))) return false;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    static Object[] copy(Object[] in) {
        Object[] out = in.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Tensor) out[i] = Tensor.fromArray(((Tensor) out[i]).array().copy());
            else if (out[i] instanceof List) out[i] = new ArrayList<>((List<?>) out[i]);
        }
        return out;
    }
}
