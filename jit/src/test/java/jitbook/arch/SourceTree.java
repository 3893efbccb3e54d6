package jitbook.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's Java sources as text, for tests that check rules of the house over the whole
 * tree (op names resolve, packages do not form cycles). Found from the jit module's working
 * directory (where Maven runs its tests): every {@code <module>/src/main/java} beside it.
 */
final class SourceTree {
    private SourceTree() {
    }

    /** The repository root: the parent of the module the tests run in. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("jit/pom.xml")) ? here : here.getParent();
        if (!Files.exists(root.resolve("jit/src/main/java"))) throw new IllegalStateException("cannot find the sources from " + here);
        return root;
    }

    /** Every main source file of every module, sorted. */
    static List<Path> mainSources() {
        return sources("src/main/java");
    }

    /** Every main and test source file of every module, sorted. */
    static List<Path> javaSources() {
        List<Path> out = sources("src/main/java");
        out.addAll(sources("src/test/java"));
        return out;
    }

    private static List<Path> sources(String under) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root())) {
            for (Path m : (Iterable<Path>) modules.sorted()::iterator) {
                Path src = m.resolve(under);
                if (!Files.isDirectory(src)) continue;
                try (Stream<Path> files = Files.walk(src)) {
                    files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A string literal of a source file, with the line it starts on. */
    record Literal(String value, int line) {
    }

    /**
     * The string literals of Java source text, outside comments, as written (escapes left as
     * they are; op names have none). Text blocks are skipped.
     */
    static List<Literal> stringLiterals(String src) {
        List<Literal> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("//", i)) {
                int j = src.indexOf('\n', i);
                i = j < 0 ? n : j;
            } else if (src.startsWith("/*", i)) {
                int j = src.indexOf("*/", i + 2);
                int end = j < 0 ? n : j + 2;
                line += count(src, i, end);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int j = src.indexOf("\"\"\"", i + 3);
                int end = j < 0 ? n : j + 3;
                line += count(src, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c) j += src.charAt(j) == '\\' ? 2 : 1;
                if (c == '"') out.add(new Literal(src.substring(i + 1, Math.min(j, n)), line));
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    private static int count(String s, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) if (s.charAt(i) == '\n') k++;
        return k;
    }
}
