package jitbook.passes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A golden file under {@code src/test/resources/passes}: which passes to run, the input IR, and
 * what must hold afterwards, FileCheck style:
 * <pre>
 * # passes: constprop, dce          (names, or "default" for the default pipeline)
 * # input
 * graph(...)
 * # expect                          (optional: the whole result, compared with names canonicalized)
 * graph(...)
 * # check: tensor::sub              (the printed result contains this)
 * # check-not: scalar::mul          (... does not contain this)
 * # check-count: 1 tensor::add      (... contains it exactly this many times)
 * </pre>
 */
final class GoldenCase {
    static final Path DIR = Paths.get("src/test/resources/passes");

    final String name;
    final List<String> passes = new ArrayList<>();
    String input = "";
    String expect;
    final List<String> checks = new ArrayList<>();
    final List<String> checkNots = new ArrayList<>();
    final List<String[]> counts = new ArrayList<>();

    private GoldenCase(String name) {
        this.name = name;
    }

    static List<GoldenCase> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            List<GoldenCase> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".ir")).sorted().collect(Collectors.toList())) out.add(read(p));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GoldenCase read(Path p) throws IOException {
        GoldenCase c = new GoldenCase(p.getFileName().toString());
        StringBuilder section = null;
        StringBuilder in = new StringBuilder();
        StringBuilder ex = new StringBuilder();
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith("# passes:")) {
                for (String s : line.substring(9).split(",")) if (!s.isBlank()) c.passes.add(s.trim());
            } else if (line.equals("# input")) {
                section = in;
            } else if (line.equals("# expect")) {
                section = ex;
            } else if (line.startsWith("# check-not:")) {
                c.checkNots.add(line.substring(12).trim());
                section = null;
            } else if (line.startsWith("# check-count:")) {
                String rest = line.substring(14).trim();
                int sp = rest.indexOf(' ');
                c.counts.add(new String[] {rest.substring(0, sp), rest.substring(sp + 1).trim()});
                section = null;
            } else if (line.startsWith("# check:")) {
                c.checks.add(line.substring(8).trim());
                section = null;
            } else if (line.startsWith("#")) {
                section = null; // a comment
            } else if (section != null) {
                section.append(line).append('\n');
            }
        }
        c.input = in.toString();
        c.expect = ex.length() == 0 ? null : ex.toString();
        return c;
    }

    PassPipeline pipeline() {
        if (passes.size() == 1 && passes.get(0).equals("default")) return PassPipeline.defaultPipeline().verifying(true);
        return PassPipeline.of(passes.toArray(new String[0])).verifying(true);
    }

    @Override
    public String toString() {
        return name;
    }
}
