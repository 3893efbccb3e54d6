package jitbook.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jitbook.exec.Deadline;
import jitbook.exec.DeadlineExceededException;
import jitbook.exec.Executable;
import jitbook.io.LoadOptions;
import jitbook.io.ModelFormatException;
import jitbook.io.ModelInfo;
import jitbook.io.ModelReader;
import jitbook.io.Npy;
import jitbook.ir.Graph;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.ops.DType;
import jitbook.ops.NdArray;

/**
 * The production smoke-test command line, the jar's main class:
 * <pre>
 * java -jar jitbook-jit-VERSION-runtime.jar run  model.jbm [--method forward] [--timeout SECONDS] --input x.npy [--input 3 ...] [--output y.npy ...]
 * java -jar jitbook-jit-VERSION-runtime.jar info model.jbm [--no-ir]
 * </pre>
 * {@code run} loads the model, calls the method with the inputs (an {@code .npy} file for a
 * tensor, a literal for an int, long, float, double, bool or str parameter) and writes each
 * result to its {@code --output} file (tensors and numbers as {@code .npy}; lists and tuples are
 * flattened), or prints them when no output is given. {@code info} prints the methods and their
 * signatures, parameters with shapes, plain attributes, extra files and the IR. {@code --timeout}
 * bounds the call (a {@link jitbook.exec.Deadline}), not the load, whose limits are
 * {@link LoadOptions}'. It sits above the facade ({@code run} loads with {@link Jit#load}), in a
 * package of its own so that {@code jitbook.io} stays below {@code jitbook.jit}. Exit status: 0 on success, 1 when the model, an input or the call fails
 * (every failure is one line on stderr), 2 for a usage error.
 *
 * <p>{@link #main} ends the JVM with that status only when the JVM itself called it ({@code java
 * -jar}, {@code java jitbook.cli.Cli}); called from other code (a notebook cell, a service's
 * self-test) it prints and returns, and {@link #run(String[], PrintStream, PrintStream)} returns
 * the status.
 */
public final class Cli {
    private static final String USAGE = String.join("\n",
            "usage: java -jar jitbook-jit-VERSION-runtime.jar run MODEL.jbm [--method NAME] [--timeout SECONDS] [--input FILE.npy|LITERAL]... [--output FILE.npy]...",
            "       java -jar jitbook-jit-VERSION-runtime.jar info MODEL.jbm [--no-ir]",
            "",
            "run   loads MODEL, calls its method (forward by default) with the inputs in order and writes",
            "      each result to the matching --output .npy file (or prints the results); --timeout",
            "      stops the call after SECONDS (it may be fractional).",
            "info  prints the methods with their signatures, the parameters with their shapes, and the IR.");

    private Cli() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0 && calledByTheJvm()) System.exit(code);
    }

    /** True when main is the bottom frame of its thread: the launcher called it, no Java code did. */
    private static boolean calledByTheJvm() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).limit(2).count()) == 1;
    }

    /** Runs the command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "run": return runCommand(Arrays.copyOfRange(args, 1, args.length), out, err);
                case "info": return infoCommand(Arrays.copyOfRange(args, 1, args.length), out);
                default: throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (ModelFormatException e) {
            err.println("error: " + firstLine(e.getMessage()));
            return 1;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 1;
        } catch (IOException e) {
            err.println("error: " + e);
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            return 1;
        } catch (StackOverflowError | OutOfMemoryError e) {
            // The loader refuses what it can foresee; this is what a call made of a valid file still can do.
            err.println("error: " + (e instanceof StackOverflowError ? "ran out of stack (calls nested too deep)"
                    : "ran out of memory (" + e.getMessage() + "); give the JVM more with -Xmx"));
            return 1;
        }
    }

    /** Messages about IR text go on with the source line and a caret; the command line reports in one line. */
    private static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static int runCommand(String[] args, PrintStream out, PrintStream err) throws IOException {
        String model = null;
        String method = "forward";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String timeout = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--timeout": timeout = value(args, ++i, a); break;
                case "--input": inputs.add(value(args, ++i, a)); break;
                case "--output": outputs.add(value(args, ++i, a)); break;
                case "--method": method = value(args, ++i, a); break;
                default:
                    if (a.startsWith("--") || model != null) throw new UsageException("unexpected argument '" + a + "'");
                    model = a;
            }
        }
        if (model == null) throw new UsageException("run needs a model file");
        Duration budget = timeout == null ? null : seconds(timeout);
        long t0 = System.nanoTime();
        ScriptModule m = Jit.load(Path.of(model));
        long t1 = System.nanoTime();
        if (!m.methodNames().contains(method)) {
            throw new UsageException(model + " has no method '" + method + "'; it has " + m.methodNames());
        }
        Graph g = m.methodGraph(method);
        List<Value> params = g.inputs().subList(1, g.inputs().size());
        if (inputs.size() != params.size()) {
            throw new UsageException(m.className() + "." + method + ModelInfo.signature(g) + " takes " + params.size() + " input(s), "
                    + inputs.size() + " given");
        }
        Object[] rt = new Object[params.size() + 1];
        rt[0] = m;
        for (int i = 0; i < params.size(); i++) rt[i + 1] = input(inputs.get(i), params.get(i), i);
        Executable exe = m.method(method);
        long t2 = System.nanoTime();
        Object[] results;
        try (Deadline d = budget == null ? null : Deadline.after(budget)) {
            results = exe.run(rt);
        } catch (DeadlineExceededException e) {
            err.println("error: " + m.className() + "." + method + " ran past --timeout " + timeout + " s and was stopped");
            return 1;
        }
        long t3 = System.nanoTime();
        List<Object> flat = new ArrayList<>();
        for (Object r : results) flatten(r, flat);
        if (!outputs.isEmpty() && outputs.size() != flat.size()) {
            throw new UsageException(m.className() + "." + method + " returned " + flat.size() + " value(s); give one --output per value ("
                    + outputs.size() + " given)");
        }
        for (int i = 0; i < flat.size(); i++) {
            if (outputs.isEmpty()) {
                out.println("output " + i + ": " + display(flat.get(i)));
            } else {
                Object v = flat.get(i);
                NdArray a = asArray(v);
                if (a == null) throw new IllegalArgumentException("output " + i + " is a " + typeName(v) + ", which .npy cannot hold");
                Files.write(Path.of(outputs.get(i)), Npy.write(a));
            }
        }
        err.printf(Locale.ROOT, "loaded %s in %.1f ms; %s.%s ran in %.1f ms%n", model, (t1 - t0) / 1e6, m.className(), method, (t3 - t2) / 1e6);
        return 0;
    }

    private static Duration seconds(String s) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException("--timeout needs a number of seconds, not '" + s + "'");
        }
        if (!(v > 0) || v > 1e9) throw new UsageException("--timeout needs a positive number of seconds, not '" + s + "'");
        return Duration.ofNanos((long) (v * 1e9));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new UsageException(option + " needs a value");
        return args[i];
    }

    /** Converts one command-line input to the runtime form the parameter's type asks for. */
    private static Object input(String arg, Value param, int index) throws IOException {
        Type t = param.type();
        String what = "input " + (index + 1) + " (%" + param.name() + " : " + t.print() + ")";
        if (arg.endsWith(".npy")) {
            NdArray a = Npy.read(Files.readAllBytes(Path.of(arg)), arg, null);
            if (t instanceof Type.TensorType) {
                DType want = ((Type.TensorType) t).dtype;
                if (want != null && want != a.dtype()) {
                    throw new IllegalArgumentException(what + " needs " + want.irName() + " (" + Npy.descr(want) + ") but " + arg
                            + " holds " + a.dtype().irName() + " (" + Npy.descr(a.dtype()) + ")");
                }
                return a;
            }
            if (a.numel() != 1 || !t.isNumber() && t != Type.BOOL) {
                throw new IllegalArgumentException(what + " is not a tensor; give a literal, not " + arg);
            }
            return scalar(t, a.dtype() == DType.INT64 ? Long.toString(a.getLong(0)) : Double.toString(a.getDouble(0)), what);
        }
        if (t.isTensor()) throw new IllegalArgumentException(what + " is a tensor: give an .npy file, not '" + arg + "'");
        return scalar(t, arg, what);
    }

    private static Object scalar(Type t, String s, String what) {
        try {
            if (t == Type.INT) return Integer.parseInt(strip(s));
            if (t == Type.LONG) return Long.parseLong(strip(s));
            if (t == Type.FLOAT) return Float.parseFloat(s);
            if (t == Type.DOUBLE) return Double.parseDouble(s);
            if (t == Type.BOOL) {
                if (s.equals("true") || s.equals("1") || s.equals("1.0")) return true;
                if (s.equals("false") || s.equals("0") || s.equals("0.0")) return false;
                throw new NumberFormatException();
            }
            if (t == Type.STR) return s;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " cannot be '" + s + "'");
        }
        throw new IllegalArgumentException(what + ": the command line cannot give a value of type " + t.print());
    }

    private static String strip(String s) {
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static void flatten(Object v, List<Object> out) {
        if (v instanceof List) {
            for (Object x : (List<?>) v) flatten(x, out);
        } else if (v instanceof Object[]) {
            for (Object x : (Object[]) v) flatten(x, out);
        } else {
            out.add(v);
        }
    }

    private static NdArray asArray(Object v) {
        if (v instanceof NdArray) return (NdArray) v;
        if (v instanceof Boolean) return new NdArray(DType.BOOL, new long[0], new boolean[] {(Boolean) v});
        if (v instanceof Integer || v instanceof Long) return new NdArray(DType.INT64, new long[0], new long[] {((Number) v).longValue()});
        if (v instanceof Float) return new NdArray(DType.FLOAT32, new long[0], new float[] {(Float) v});
        if (v instanceof Double) return new NdArray(DType.FLOAT64, new long[0], new double[] {(Double) v});
        return null;
    }

    private static String typeName(Object v) {
        return v == null ? "None" : v.getClass().getSimpleName();
    }

    static String display(Object v) {
        if (!(v instanceof NdArray)) return String.valueOf(v);
        NdArray a = (NdArray) v;
        StringBuilder sb = new StringBuilder(ModelReader.describe(a.dtype(), a.shape())).append(" [");
        int n = Math.min(a.numel(), 20);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            if (a.dtype() == DType.BOOL) sb.append(a.bools()[i]);
            else if (a.dtype() == DType.INT64) sb.append(a.getLong(i));
            else sb.append(a.getDouble(i));
        }
        if (a.numel() > n) sb.append(", ... (").append(a.numel()).append(" values)");
        return sb.append(']').toString();
    }

    private static int infoCommand(String[] args, PrintStream out) throws IOException {
        String model = null;
        boolean ir = true;
        for (String a : args) {
            if (a.equals("--no-ir")) ir = false;
            else if (a.startsWith("--") || model != null) throw new UsageException("unexpected argument '" + a + "'");
            else model = a;
        }
        if (model == null) throw new UsageException("info needs a model file");
        // Loaded for training: info shows the training flags and requires_grad marks the file holds.
        out.print(ModelInfo.describe(ModelReader.load(Path.of(model), LoadOptions.training()), ir));
        return 0;
    }
}
