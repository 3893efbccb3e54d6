package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Miscompile hunting: random programs that read like a Java programmer's ({@link RandomPrograms})
 * run as plain Java (javac), scripted without optimization, through the optimizer (the generic
 * plan, then the plan specialized after warm-up) and saved then loaded, on inputs that include
 * the int and long bounds; all must agree, and for programs returning a tensor the gradients
 * must equal eager autograd's and central finite differences (GradCheck). A disagreement prints the program and inputs so it can be
 * reduced and kept in {@link JavaMeaningTest}. {@code -Djitbook.fuzz.iterations=N} runs N / 2
 * programs (10,000 under {@code ./test.sh --long}); the default run checks 240.
 */
class RandomProgramsTest {
    private static final int PROGRAMS = Integer.getInteger("jitbook.fuzz.iterations", 480) / 2;
    private static final int BATCH = 40;
    private static final int[] INTS = {0, 1, 2, 3, 5, -1, -7, 46341, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1};
    private static final long[] LONGS = {0, 1, -1, 7, 3_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final double[] DOUBLES = {0.5, -1.25, 0.0, 3.0, 1e10, -2.5e9, 7.75};

    @Test
    void plainJavaScriptedOptimizedReloadedAndGradientsAgree() throws Exception {
        Path dir = Files.createTempDirectory("jitbook-random");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int gradients = 0;
        for (int start = 0; start < PROGRAMS; start += BATCH) {
            int n = Math.min(BATCH, PROGRAMS - start);
            List<RandomPrograms> gens = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (int p = start; p < start + n; p++) {
                RandomPrograms g = new RandomPrograms(1000 + p);
                gens.add(g);
                sources.add(g.program());
            }
            List<Method> eager = Differential.javac("RandomBatch" + start, sources);
            for (int k = 0; k < n; k++) {
                int p = start + k;
                String src = sources.get(k);
                Differential d;
                try {
                    d = Differential.of(eager.get(k), src, dir.resolve("p" + p + ".jbm"));
                } catch (RuntimeException e) {
                    failures.add("program " + p + " does not compile as a script: " + e + "\n" + src);
                    continue;
                }
                Random r = new Random(p);
                for (int i = 0; i < 4; i++) {
                    Object[] in = {vec(r), vec(r), INTS[r.nextInt(INTS.length)], LONGS[r.nextInt(LONGS.length)],
                        r.nextBoolean() ? DOUBLES[r.nextInt(DOUBLES.length)] : r.nextGaussian()};
                    String m = d.mismatch(in);
                    if (m == null && gens.get(k).returns == RandomPrograms.Returns.TENSOR && i < 2) {
                        m = d.gradientMismatch(in);
                        gradients++;
                    }
                    if (m != null) {
                        failures.add("program " + p + ": " + m);
                        break;
                    }
                    checked++;
                }
                if (failures.size() >= 5) break;
            }
            if (failures.size() >= 5) break;
        }
        System.out.println("random programs: " + PROGRAMS + " programs, " + checked + " runs agreed, " + gradients
                + " gradients compared with eager autograd (" + Differential.FINITE_DIFFERENCE_CHECKS.get()
                + " also with finite differences), " + failures.size() + " failures");
        assertEquals(List.of(), failures.size() > 3 ? failures.subList(0, 3) : failures);
    }

    private static Tensor vec(Random r) {
        float[] v = new float[4];
        for (int i = 0; i < 4; i++) v[i] = (float) r.nextGaussian();
        return Tensors.tensor(v);
    }
}
