package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import jitbook.ir.Graph;
import jitbook.ir.IrParser;
import jitbook.ir.IrPrinter;
import jitbook.ir.Verifier;
import jitbook.passes.PassPipeline;

/**
 * Golden-file and differential tests over the case programs: the compiled IR matches
 * {@code <case>.ir}, outputs on fixed inputs match {@code <case>.out}, and on 40 random inputs per
 * case the scripted function agrees with the same source compiled by javac and run eagerly.
 * The golden IR is canonical: the lowering with dead code removed (what the program computes, not
 * the constants the lowering happens to leave behind) and values numbered in definition order, so
 * a change of naming or of dead scaffolding does not churn 40 files.
 * A missing golden file is a failure; run with {@code -Djitbook.updateGolden=true} to write or
 * rewrite the golden files after a deliberate change.
 */
class ScriptCasesTest {
    private static final boolean UPDATE = Boolean.getBoolean("jitbook.updateGolden");
    private static final int RANDOM_INPUTS = 40;

    @TestFactory
    Stream<DynamicTest> compiledIrMatchesTheGoldenFile() {
        return CasePrograms.all().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            Graph lowered = c.scripted().graph();
            Verifier.verify(lowered);
            String ir = lowered.toString();
            assertEquals(ir, IrParser.parse(ir).toString(), "the printed IR parses back identically");
            golden(c.name + ".ir", IrPrinter.printCanonical(PassPipeline.of("dce").verifying(true).optimize(lowered)));
        }));
    }

    @TestFactory
    Stream<DynamicTest> outputsOnFixedInputsMatchTheGoldenFile() {
        return CasePrograms.all().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            StringBuilder sb = new StringBuilder();
            for (long seed = 0; seed < 4; seed++) {
                Object[] in = c.inputs(seed);
                sb.append("f(").append(CasePrograms.describe(in)).append(") = ").append(outcome(() -> c.runScripted(in))).append('\n');
            }
            golden(c.name + ".out", sb.toString());
        }));
    }

    @TestFactory
    Stream<DynamicTest> scriptedAgreesWithJavacOnRandomInputs() {
        return CasePrograms.all().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            for (long seed = 100; seed < 100 + RANDOM_INPUTS; seed++) {
                Object[] in = c.inputs(seed);
                String eager = outcome(() -> c.runEager(in));
                String scripted = outcome(() -> c.runScripted(in));
                if (eager.startsWith("error") || scripted.startsWith("error")) {
                    assertEquals(eager.startsWith("error"), scripted.startsWith("error"),
                            "f(" + CasePrograms.describe(in) + "): eager " + eager + ", scripted " + scripted);
                    continue;
                }
                Object e = c.runEager(in);
                Object s = c.runScripted(in);
                if (!CasePrograms.same(e, s, 1e-5)) {
                    fail(c.name + ": f(" + CasePrograms.describe(in) + ") eager = " + e + ", scripted = " + s);
                }
            }
        }));
    }

    private static String outcome(java.util.concurrent.Callable<Object> run) {
        try {
            Object r = run.call();
            return r instanceof Object[] ? java.util.Arrays.deepToString((Object[]) r) : String.valueOf(r);
        } catch (Exception | AssertionError e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    private static void golden(String file, String actual) throws IOException {
        Path p = CasePrograms.DIR.resolve(file);
        if (UPDATE) {
            Files.writeString(p, actual);
            return;
        }
        if (!Files.exists(p)) {
            fail(p + " is missing: a golden file is written only on purpose, with -Djitbook.updateGolden=true, and reviewed");
        }
        String expected = Files.readString(p);
        if (!expected.equals(actual)) {
            List<String> diff = new ArrayList<>();
            String[] a = expected.split("\n");
            String[] b = actual.split("\n");
            for (int i = 0; i < Math.max(a.length, b.length) && diff.size() < 6; i++) {
                String x = i < a.length ? a[i] : "<none>";
                String y = i < b.length ? b[i] : "<none>";
                if (!x.equals(y)) diff.add("line " + (i + 1) + ":\n  expected: " + x + "\n  actual:   " + y);
            }
            fail(file + " differs from the golden file (rerun with -Djitbook.updateGolden=true if intended):\n" + String.join("\n", diff));
        }
    }
}
