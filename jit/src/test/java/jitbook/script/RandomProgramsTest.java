package jitbook.script;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.passes.GraphExecutor;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Miscompile hunting: random well-typed programs run as plain Java (javac), scripted without
 * optimization, scripted with the optimizer (specialized and generic plans), and saved then
 * loaded; all must agree. A mismatch prints the program so it can be reduced and kept as a case.
 * -Djitbook.fuzz.iterations=N (divided by 10) runs more programs.
 */
class RandomProgramsTest {
    private static final int PROGRAMS = Math.max(20, Integer.getInteger("jitbook.fuzz.iterations", 400) / 10);

    @Test
    void plainJavaScriptedOptimizedAndReloadedAgree() throws Exception {
        Path dir = Files.createTempDirectory("jitbook-random");
        for (int p = 0; p < PROGRAMS; p++) {
            String src = new RandomPrograms(1000 + p).program();
            String cls = "Random" + p;
            Method eager;
            try {
                Class<?> c = InMemoryJavac.compile(cls, InMemoryJavac.wrap(cls, src), getClass().getClassLoader());
                eager = c.getDeclaredMethod("f", Tensor.class, Tensor.class, int.class, double.class);
                eager.setAccessible(true);
            } catch (IllegalArgumentException notJava) {
                continue; // the generator made something javac rejects (rare): not a test of ours
            }
            ScriptFunction scripted = Jit.compile(src).function("f");
            Path saved = dir.resolve(cls + ".jbm");
            Jit.save(scripted, saved);
            ScriptModule loaded = Jit.load(saved);
            Random r = new Random(p);
            for (int k = 0; k < 6; k++) {
                Object[] in = {vec(r), vec(r), r.nextInt(5), r.nextGaussian()};
                String expected = run(() -> eager.invoke(null, copy(in)));
                GraphExecutor.setEnabled(false);
                String plain;
                try {
                    plain = run(() -> scripted.call(copy(in)));
                } finally {
                    GraphExecutor.setEnabled(true);
                }
                String optimized = run(() -> scripted.call(copy(in)));
                String optimizedAgain = run(() -> scripted.call(copy(in)));
                String reloaded = run(() -> loaded.call(copy(in)));
                for (String[] pair : new String[][] {{"scripted", plain}, {"optimized", optimized}, {"optimized (specialized)", optimizedAgain},
                    {"saved and loaded", reloaded}}) {
                    if (!agree(expected, pair[1])) {
                        fail(pair[0] + " disagrees with plain Java on f(" + java.util.Arrays.toString(in) + "):\n  java: " + expected
                                + "\n  " + pair[0] + ": " + pair[1] + "\nprogram:\n" + src);
                    }
                }
            }
        }
    }

    private static Tensor vec(Random r) {
        float[] v = new float[4];
        for (int i = 0; i < 4; i++) v[i] = (float) r.nextGaussian();
        return Tensors.tensor(v);
    }

    private static Object[] copy(Object[] in) {
        Object[] out = in.clone();
        for (int i = 0; i < out.length; i++) if (out[i] instanceof Tensor) out[i] = Tensor.fromArray(((Tensor) out[i]).array().copy());
        return out;
    }

    private interface Run {
        Object call() throws Exception;
    }

    private static String run(Run run) {
        try {
            Object o = run.call();
            if (o instanceof Tensor) {
                StringBuilder sb = new StringBuilder();
                for (float f : ((Tensor) o).toFloatArray()) sb.append(f).append(' ');
                return sb.toString().trim();
            }
            return String.valueOf(o);
        } catch (Throwable t) {
            return "error";
        }
    }

    private static boolean agree(String a, String b) {
        if (a.equals(b)) return true;
        String[] x = a.split(" ");
        String[] y = b.split(" ");
        if (x.length != y.length) return false;
        for (int i = 0; i < x.length; i++) {
            try {
                double p = Double.parseDouble(x[i]);
                double q = Double.parseDouble(y[i]);
                if (Double.isNaN(p) && Double.isNaN(q)) continue;
                if (Math.abs(p - q) > 1e-4 * (1 + Math.abs(p))) return false;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
