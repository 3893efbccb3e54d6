package jitbook.kernel.magic;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jitbook.kernel.eval.JShellEvaluator;

/**
 * What {@code %classpath} and {@code %maven} added to the session's class path, and the adding:
 * each entry goes to JShell's compile and run class path (the evaluator is looked up when first
 * needed, so the magics can be registered before the session has started).
 */
public final class SessionClasspath {
    private final Supplier<JShellEvaluator> evaluator;
    private final List<String> added = new ArrayList<>();

    public SessionClasspath(Supplier<JShellEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    synchronized void add(Path entry) {
        evaluator.get().addToClasspath(entry.toString());
        added.add(entry.toString());
    }

    synchronized List<String> added() {
        return new ArrayList<>(added);
    }

    /** A path, or all jars of a directory for {@code dir/*}; a missing path is an error. */
    static List<Path> expand(String spec) throws IOException {
        String s = spec.startsWith("~/") ? System.getProperty("user.home") + spec.substring(1) : spec;
        List<Path> out = new ArrayList<>();
        if (s.endsWith("/*") || s.endsWith("\\*")) {
            Path dir = Path.of(s.substring(0, s.length() - 2)).toAbsolutePath();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                ds.forEach(out::add);
            }
            out.sort(null);
        } else {
            Path p = Path.of(s).toAbsolutePath();
            if (!Files.exists(p)) throw new IOException("no such file or directory: " + p);
            out.add(p);
        }
        return out;
    }
}
