package jitbook.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import jitbook.ir.Graph;
import jitbook.ir.IrPrinter;
import jitbook.jit.Jit;

/**
 * Runs every golden file in {@code src/test/resources/passes} (see {@link GoldenCase}): parse the
 * input with {@link Jit#parseIr}, run the named passes with the verifier after each, compare the
 * printed result, and check the program still computes the same on random inputs.
 */
class PassGoldenTest {
    static List<GoldenCase> cases() {
        return GoldenCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenFile(GoldenCase c) {
        Graph before = Jit.parseIr(c.input);
        Graph g = before.copy();
        PipelineRun run = c.pipeline().run(g);
        String got = g.toString();
        String context = c.name + "\n" + run + "\n-- result:\n" + got;
        if (c.expect != null) {
            assertEquals(IrPrinter.printCanonical(Jit.parseIr(c.expect)), IrPrinter.printCanonical(g), context);
        }
        for (String s : c.checks) assertTrue(got.contains(s), "expected '" + s + "' in " + context);
        for (String s : c.checkNots) assertFalse(got.contains(s), "did not expect '" + s + "' in " + context);
        for (String[] cc : c.counts) assertEquals(Integer.parseInt(cc[0]), count(got, cc[1]), "count of '" + cc[1] + "' in " + context);
        Random rnd = new Random(c.name.hashCode());
        for (int i = 0; i < 3; i++) {
            Object[] args = ProgramRunner.randomInputs(before, rnd);
            ProgramRunner.assertSame(c.name, ProgramRunner.run(before, args), ProgramRunner.run(g, args));
        }
    }

    static int count(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length())) n++;
        return n;
    }
}
