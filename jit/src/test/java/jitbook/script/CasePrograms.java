package jitbook.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The script compiler's case programs (src/test/resources/script/cases/*.java): each is valid
 * Java in the subset whose entry function is {@code f}. This loads them, compiles them both ways
 * (script compiler and javac), makes random inputs for {@code f}'s parameter types, and compares
 * values. Shared by the golden, differential, optimizer and autodiff tests.
 */
public final class CasePrograms {
    public static final Path DIR = Path.of("src/test/resources/script/cases");

    private CasePrograms() {
    }

    /** One case: its name, source, scripted entry function and javac-compiled eager entry method. */
    public static final class Case {
        public final String name;
        public final String source;
        private ScriptFunction scripted;
        private Method eager;

        Case(String name, String source) {
            this.name = name;
            this.source = source;
        }

        public synchronized ScriptFunction scripted() {
            if (scripted == null) scripted = Jit.compile(source).function("f");
            return scripted;
        }

        public synchronized Method eager() {
            if (eager == null) {
                String cls = "Case_" + name;
                Class<?> c = InMemoryJavac.compile(cls, InMemoryJavac.wrap(cls, source), CasePrograms.class.getClassLoader());
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals("f")) {
                        m.setAccessible(true);
                        eager = m;
                    }
                }
            }
            return eager;
        }

        /** Runs the javac-compiled f on fresh copies of the inputs. */
        public Object runEager(Object[] args) {
            try {
                return eager().invoke(null, copy(args));
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException) throw (RuntimeException) c;
                if (c instanceof Error) throw (Error) c;
                throw new RuntimeException(c);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        public Object runScripted(Object[] args) {
            return scripted().call(copy(args));
        }

        /** Random inputs for f's parameters (seeded): tensors of 4 floats, small ints (0, 1, many), doubles, booleans. */
        public Object[] inputs(long seed) {
            Random r = new Random(seed);
            Class<?>[] ps = eager().getParameterTypes();
            Object[] out = new Object[ps.length];
            for (int i = 0; i < ps.length; i++) out[i] = sample(ps[i], r);
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Case> all() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted()
                    .map(p -> new Case(p.getFileName().toString().replace(".java", ""), read(p)))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object sample(Class<?> t, Random r) {
        if (t == Tensor.class) {
            float[] v = new float[4];
            for (int k = 0; k < v.length; k++) v[k] = (float) (r.nextGaussian() * 1.5);
            return Tensors.tensor(v);
        }
        if (t == int.class) return new int[] {0, 1, 2, 3, 5, 7, -2, 12}[r.nextInt(8)];
        if (t == long.class) return (long) r.nextInt(20) - 5;
        if (t == double.class) return r.nextGaussian() * 3;
        if (t == boolean.class) return r.nextBoolean();
        throw new IllegalArgumentException("no sampler for parameter type " + t);
    }

    private static Object[] copy(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Tensor) out[i] = Tensor.fromArray(((Tensor) out[i]).array().copy());
        }
        return out;
    }

    /** Whether two results mean the same: tensors and floating numbers within tolerance, records by component. */
    public static boolean same(Object expected, Object actual, double tol) {
        if (expected == null || actual == null) return expected == actual;
        if (expected instanceof Tensor && actual instanceof Tensor) {
            Tensor a = (Tensor) expected;
            Tensor b = (Tensor) actual;
            if (!java.util.Arrays.equals(a.shape(), b.shape())) return false;
            double[] x = a.toDoubleArray();
            double[] y = b.toDoubleArray();
            for (int i = 0; i < x.length; i++) if (!close(x[i], y[i], tol)) return false;
            return true;
        }
        if (expected instanceof Double || expected instanceof Float) {
            return actual instanceof Number && close(((Number) expected).doubleValue(), ((Number) actual).doubleValue(), tol);
        }
        if (expected instanceof Number && actual instanceof Number) return ((Number) expected).longValue() == ((Number) actual).longValue();
        if (expected.getClass().isRecord() && actual instanceof Object[]) {
            RecordComponent[] rc = expected.getClass().getRecordComponents();
            Object[] t = (Object[]) actual;
            for (int i = 0; i < rc.length; i++) {
                try {
                    if (!same(rc[i].getAccessor().invoke(expected), t[i], tol)) return false;
                } catch (ReflectiveOperationException e) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof List && actual instanceof List) {
            List<?> a = (List<?>) expected;
            List<?> b = (List<?>) actual;
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i), tol)) return false;
            return true;
        }
        return expected.equals(actual);
    }

    private static boolean close(double a, double b, double tol) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b);
        return Math.abs(a - b) <= tol * (1 + Math.abs(a));
    }

    public static String describe(Object[] args) {
        List<String> parts = new ArrayList<>();
        for (Object a : args) parts.add(String.valueOf(a));
        return String.join(", ", parts);
    }
}
