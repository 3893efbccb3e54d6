package jitbook.ir;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Mutated IR text (the script cases' golden graphs and the pass goldens, with characters and
 * lines deleted, duplicated and swapped) must either parse or fail with an IrParseException that
 * has a line and column; a parsed graph must either verify or fail with a VerificationError.
 * Nothing else may escape. -Djitbook.fuzz.iterations=N runs longer.
 */
class IrParserFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("jitbook.fuzz.iterations", 400) * 10;

    @Test
    void onlyDocumentedErrorsComeOutOfMutatedIr() throws Exception {
        List<String> seeds = new ArrayList<>();
        seeds.add(IrRoundTripTest.LOOP);
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/script/cases"))) {
            for (Path p : (Iterable<Path>) s.filter(x -> x.toString().endsWith(".ir"))::iterator) seeds.add(Files.readString(p));
        }
        Random r = new Random(7);
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String text = mutate(seeds.get(r.nextInt(seeds.size())), r);
            Graph g;
            try {
                g = IrParser.parse(text);
                parsed++;
            } catch (IrParseException e) {
                assertTrue(e.line() >= 1 && e.column() >= 1, "a parse error has a position: " + e.getMessage());
                continue;
            } catch (Throwable t) {
                fail("a " + t.getClass().getName() + " escaped the parser for:\n" + text, t);
                return;
            }
            try {
                Verifier.verify(g);
            } catch (VerificationError e) {
                // documented
            } catch (Throwable t) {
                fail("a " + t.getClass().getName() + " escaped the verifier for:\n" + text, t);
            }
        }
        System.out.println("IR fuzz: " + ITERATIONS + " mutated graphs, " + parsed + " parsed");
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int k = 0; k < edits && sb.length() > 0; k++) {
            int i = r.nextInt(sb.length());
            switch (r.nextInt(5)) {
                case 0: sb.deleteCharAt(i); break;
                case 1: sb.insert(i, "%()[]{}:=,\"-.0123456789abcxyz@<>?*\n ".charAt(r.nextInt(36))); break;
                case 2: {
                    int j = Math.min(sb.length(), i + 1 + r.nextInt(20));
                    sb.insert(j, sb.substring(i, j));
                    break;
                }
                case 3: {
                    String[] lines = sb.toString().split("\n", -1);
                    int a = r.nextInt(lines.length);
                    int b = r.nextInt(lines.length);
                    String t = lines[a];
                    lines[a] = lines[b];
                    lines[b] = t;
                    sb = new StringBuilder(String.join("\n", lines));
                    break;
                }
                default: {
                    int j = Math.min(sb.length(), i + 1 + r.nextInt(10));
                    sb.delete(i, j);
                }
            }
        }
        return sb.toString();
    }
}
