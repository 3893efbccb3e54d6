package jitbook.script;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import jitbook.tensor.Tensors;

/**
 * A tool, not a test: shrinks a failing random program (as {@link RandomProgramsTest} prints it)
 * to a few lines that still fail the same way, for a regression case. Run with
 * {@code mvn -pl jit test -Dtest=ProgramReducer -Djitbook.reduce=FILE}, where FILE holds the
 * program and its first line the inputs as {@code // x0 x1 x2 x3 | w0 w1 w2 w3 | n | m | s}
 * (optionally {@code grad} at the end to reduce a gradient mismatch); prints the reduced program.
 */
class ProgramReducer {
    private static int attempts;

    @Test
    @EnabledIfSystemProperty(named = "jitbook.reduce", matches = ".+")
    void reduce() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(System.getProperty("jitbook.reduce"))));
        String[] spec = lines.remove(0).replace("//", "").trim().split("\\|");
        boolean grad = spec[spec.length - 1].trim().endsWith("grad");
        Object[] in = {vec(spec[0]), vec(spec[1]), Integer.parseInt(spec[2].trim()), Long.parseLong(spec[3].trim()),
            Double.parseDouble(spec[4].trim().replace("grad", "").trim())};
        if (!fails(lines, in, grad)) throw new IllegalStateException("the program does not fail");
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = lines.size() - 1; i >= 0; i--) {
                int end = blockEnd(lines, i);
                if (end < 0) continue;
                List<String> cand = new ArrayList<>(lines.subList(0, i));
                cand.addAll(lines.subList(end + 1, lines.size()));
                if (fails(cand, in, grad)) {
                    lines = cand;
                    progress = true;
                    i = Math.min(i, lines.size());
                }
            }
        }
        System.out.println("reduced after " + attempts + " attempts:\n" + String.join("\n", lines));
    }

    /** The last line of the statement starting at line i (its matching brace for a block), or -1 if it ends a block. */
    private static int blockEnd(List<String> lines, int i) {
        String l = lines.get(i).trim();
        if (l.startsWith("}") || l.startsWith("static") || l.startsWith("return") || l.startsWith("record")) return -1;
        int depth = 0;
        for (int j = i; j < lines.size(); j++) {
            for (char c : lines.get(j).toCharArray()) {
                if (c == '{') depth++;
                if (c == '}') depth--;
            }
            if (depth <= 0) return depth == 0 ? j : -1;
        }
        return -1;
    }

    private static boolean fails(List<String> lines, Object[] in, boolean grad) {
        attempts++;
        try {
            Differential d = Differential.of("Reduced" + attempts, String.join("\n", lines));
            return (grad ? d.gradientMismatch(in) : d.mismatch(in)) != null;
        } catch (Exception | Error e) {
            return false;
        }
    }

    private static Object vec(String s) {
        String[] p = s.trim().split("\\s+");
        float[] v = new float[p.length];
        for (int i = 0; i < p.length; i++) v[i] = Float.parseFloat(p[i]);
        return Tensors.tensor(v);
    }
}
