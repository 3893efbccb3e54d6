package jitbook.kernel.magic;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jitbook.kernel.eval.CellResult;
import jitbook.kernel.eval.JShellEvaluator;

/**
 * The kernel's own line magics, written as lines starting with {@code %} at the top of a cell
 * (only there, so a Java line that happens to start with the {@code %} operator is never taken
 * for one): {@code %classpath add <jar|dir|dir/*>...}, {@code %classpath} (list what was added),
 * {@code %maven group:artifact:version...} and {@code %lsmagic}. The rest of the cell runs as
 * Java after them. Output goes to the cell's stdout.
 */
public final class LineMagics {
    static final List<String> NAMES = List.of("%classpath", "%maven", "%lsmagic");

    private final List<String> added = new ArrayList<>();
    private MavenResolver maven; // created on first use: the resolver is heavy

    /** Either the Java code left after the magics, or the error that stopped the cell. */
    public record Outcome(String code, CellResult error) {}

    public Outcome apply(String code, JShellEvaluator ev, int executionCount) {
        String rest = code;
        while (true) {
            String stripped = rest.stripLeading();
            if (stripped.startsWith("%%")) {
                // Cell magics (%%trace, %%script ...) come from the magics module; none is wired yet.
                String name = stripped.split("\\s+", 2)[0];
                String msg = "cell magic " + name + " is not available in this kernel";
                return new Outcome("", CellResult.error("UnknownMagic", msg, List.of("UnknownMagic: " + msg)));
            }
            if (!stripped.startsWith("%")) return new Outcome(rest, null);
            int nl = stripped.indexOf('\n');
            String line = (nl < 0 ? stripped : stripped.substring(0, nl)).strip();
            rest = nl < 0 ? "" : stripped.substring(nl + 1);
            CellResult err = run(line, ev);
            if (err != null) return new Outcome("", err);
        }
    }

    /** Runs one kernel line magic ({@code %classpath ...}, {@code %maven ...}); returns an error result or null. */
    public CellResult run(String line, JShellEvaluator ev) {
        String[] parts = line.split("\\s+");
        try {
            switch (parts[0]) {
                case "%classpath" -> {
                    if (parts.length == 1) {
                        added.forEach(System.out::println);
                        return null;
                    }
                    if (!parts[1].equals("add") || parts.length < 3) return usage("%classpath add <jar|dir|dir/*>...");
                    for (int i = 2; i < parts.length; i++) {
                        for (Path p : expand(parts[i])) {
                            ev.addToClasspath(p.toString());
                            added.add(p.toString());
                            System.out.println("added " + p);
                        }
                    }
                    return null;
                }
                case "%maven" -> {
                    if (parts.length < 2) return usage("%maven group:artifact:version...");
                    if (maven == null) maven = new MavenResolver();
                    for (int i = 1; i < parts.length; i++) {
                        List<Path> jars = maven.resolve(parts[i]);
                        for (Path jar : jars) {
                            ev.addToClasspath(jar.toString());
                            added.add(jar.toString());
                        }
                        System.out.println("added " + parts[i] + " (" + jars.size() + " jars)");
                    }
                    return null;
                }
                case "%lsmagic" -> {
                    System.out.println("line magics: " + String.join(" ", NAMES));
                    return null;
                }
                default -> {
                    String msg = "unknown magic " + parts[0] + " (known: " + String.join(" ", NAMES) + ")";
                    return CellResult.error("UnknownMagic", msg, List.of("UnknownMagic: " + msg));
                }
            }
        } catch (IOException | RuntimeException e) {
            String msg = parts[0] + ": " + e.getMessage();
            return CellResult.error("MagicError", msg, List.of("MagicError: " + msg));
        }
    }

    private static CellResult usage(String usage) {
        return CellResult.error("UsageError", "usage: " + usage, List.of("UsageError: usage: " + usage));
    }

    /** A path, or all jars of a directory for {@code dir/*}; missing paths are an error. */
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

    /** Completions of magic names when the cursor is in a leading magic line, else null. */
    public static JShellEvaluator.Completions complete(String code, int cursor) {
        int ls = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        String line = code.substring(ls, cursor);
        if (!line.startsWith("%") || line.contains(" ")) return null;
        List<String> matches = new ArrayList<>();
        for (String n : NAMES) if (n.startsWith(line)) matches.add(n);
        return new JShellEvaluator.Completions(matches, ls, cursor);
    }
}
