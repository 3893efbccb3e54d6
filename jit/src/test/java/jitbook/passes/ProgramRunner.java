package jitbook.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.DType;
import jitbook.ops.NdArray;

/** Test support: random inputs from a graph's input types, running graphs with captured stdout, comparing results. */
final class ProgramRunner {
    private ProgramRunner() {
    }

    /** What a run produced: the outputs and what it printed, or the error it raised. */
    static final class Outcome {
        final Object[] outputs;
        final String printed;
        final String error;

        Outcome(Object[] outputs, String printed, String error) {
            this.outputs = outputs;
            this.printed = printed;
            this.error = error;
        }
    }

    /** Random arguments for the graph's inputs; unknown tensor shapes default to (2, 3) floats. */
    static Object[] randomInputs(Graph g, Random rnd) {
        List<Value> ins = g.inputs();
        Object[] args = new Object[ins.size()];
        for (int i = 0; i < args.length; i++) args[i] = random(ins.get(i).type(), rnd);
        return args;
    }

    static Object random(Type t, Random rnd) {
        if (t instanceof Type.TensorType) {
            Type.TensorType tt = (Type.TensorType) t;
            DType d = tt.dtype == null ? DType.FLOAT32 : tt.dtype;
            long[] shape = tt.shape == null ? new long[] {2, 3} : tt.shape.clone();
            for (int i = 0; i < shape.length; i++) if (shape[i] < 0) shape[i] = 3;
            NdArray a = NdArray.zeros(d, shape);
            for (int i = 0; i < a.numel(); i++) {
                if (d == DType.INT64) a.setLong(i, rnd.nextInt(11) - 5);
                else if (d == DType.BOOL) a.setDouble(i, rnd.nextBoolean() ? 1 : 0);
                else a.setDouble(i, rnd.nextGaussian());
            }
            return a;
        }
        if (t instanceof Type.ClassType) return new TestObject(((Type.ClassType) t).name);
        if (t == Type.INT) return rnd.nextInt(7);
        if (t == Type.LONG) return (long) rnd.nextInt(7);
        if (t == Type.DOUBLE) return rnd.nextGaussian();
        if (t == Type.FLOAT) return (float) rnd.nextGaussian();
        if (t == Type.BOOL) return rnd.nextBoolean();
        if (t instanceof Type.ListType && ((Type.ListType) t).element.isIntegral()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < 3; i++) l.add(random(((Type.ListType) t).element, rnd));
            return l;
        }
        if (t instanceof Type.ListType && ((Type.ListType) t).element.isTensor()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < 3; i++) l.add(random(((Type.ListType) t).element, rnd));
            return l;
        }
        throw new IllegalArgumentException("no random values of type " + t);
    }

    static Object[] copyArgs(Object[] args) {
        Object[] c = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            c[i] = a instanceof List ? new ArrayList<>((List<?>) a) : a instanceof TestObject ? ((TestObject) a).copy() : a;
        }
        return c;
    }

    /** A scripted object for tests: attributes in a map, no methods. */
    static final class TestObject implements jitbook.exec.ScriptObject {
        final String name;
        final Map<String, Object> attrs = new java.util.TreeMap<>();

        TestObject(String name) {
            this.name = name;
        }

        TestObject copy() {
            TestObject o = new TestObject(name);
            o.attrs.putAll(attrs);
            return o;
        }

        @Override
        public Object runtimeAttr(String n) {
            return attrs.get(n);
        }

        @Override
        public void setRuntimeAttr(String n, Object v) {
            attrs.put(n, v);
        }

        @Override
        public jitbook.exec.Executable method(String n) {
            return null;
        }

        @Override
        public String typeName() {
            return name;
        }
    }

    static synchronized Outcome run(Graph g, Object[] args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Object[] a = copyArgs(args);
            Object[] out = new Interpreter(g).run(a);
            List<Object> all = new ArrayList<>(Arrays.asList(out));
            for (Object x : a) {
                if (x instanceof TestObject) all.add(new ArrayList<>(((TestObject) x).attrs.values()));
            }
            return new Outcome(all.toArray(), buf.toString(StandardCharsets.UTF_8), null);
        } catch (RuntimeException e) {
            return new Outcome(null, buf.toString(StandardCharsets.UTF_8), e.getClass().getSimpleName());
        } finally {
            System.setOut(old);
        }
    }

    static void assertSame(String what, Outcome want, Outcome got) {
        assertEquals(want.error, got.error, what + ": error");
        assertEquals(want.printed, got.printed, what + ": printed output");
        if (want.outputs == null) return;
        assertEquals(want.outputs.length, got.outputs.length, what + ": number of outputs");
        for (int i = 0; i < want.outputs.length; i++) assertValue(what + " output " + i, want.outputs[i], got.outputs[i]);
    }

    static void assertValue(String what, Object want, Object got) {
        if (want instanceof NdArray) {
            assertTrue(got instanceof NdArray, what + ": expected a tensor, got " + got);
            NdArray a = (NdArray) want;
            NdArray b = (NdArray) got;
            assertEquals(a.dtype(), b.dtype(), what + ": dtype");
            assertTrue(Arrays.equals(a.shape(), b.shape()), what + ": shape " + Arrays.toString(a.shape()) + " vs " + Arrays.toString(b.shape()));
            // Fused float32 kernels use rational approximations of tanh, sigmoid, erf and gelu (errors
            // up to ~4e-7 each, stated and tested in FastMath), which compound through a chain:
            // float32 results agree to 1e-5; float64 (exact functions when fused) to 1e-6.
            double tol = a.dtype() == jitbook.ops.DType.FLOAT32 ? 1e-5 : 1e-6;
            for (int i = 0; i < a.numel(); i++) {
                double x = a.getDouble(i);
                double y = b.getDouble(i);
                if (Double.isNaN(x) && Double.isNaN(y)) continue;
                if (Double.compare(x, y) != 0 && Math.abs(x - y) > tol * Math.max(1, Math.abs(x))) {
                    fail(what + ": element " + i + " is " + y + ", expected " + x);
                }
            }
        } else if (want instanceof List) {
            assertTrue(got instanceof List, what + ": expected a list, got " + got);
            List<?> a = (List<?>) want;
            List<?> b = (List<?>) got;
            assertEquals(a.size(), b.size(), what + ": list size");
            for (int i = 0; i < a.size(); i++) assertValue(what + "[" + i + "]", a.get(i), b.get(i));
        } else if (want instanceof Object[]) {
            Object[] a = (Object[]) want;
            Object[] b = (Object[]) got;
            assertEquals(a.length, b.length, what + ": tuple size");
            for (int i = 0; i < a.length; i++) assertValue(what + "." + i, a[i], b[i]);
        } else if (want instanceof Map) {
            assertEquals(want, got, what);
        } else {
            assertEquals(want == null ? null : want.getClass(), got == null ? null : got.getClass(), what + ": runtime class");
            assertEquals(want, got, what);
        }
    }
}
