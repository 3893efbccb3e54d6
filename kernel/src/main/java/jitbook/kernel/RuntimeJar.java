package jitbook.kernel;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Finds jitbook-jit's self-contained runtime jar ({@code jitbook-jit-VERSION-runtime.jar}, what a
 * production service runs with) for notebooks, which read it as the system property
 * {@value #PROPERTY}; the kernel sets that at start when the command line did not. Looked for,
 * in order: the property; the jar the kernel loaded {@code jitbook.cli.Cli} from, if it is the
 * runtime jar; a runtime jar beside that jar or classes folder's module ({@code jit/target}
 * after a build, the Maven repository after {@code mvn install}); the installed kernel's
 * {@code runtime/} folder beside {@code lib/} (install/install.sh puts it there). So a notebook
 * copied out of the repository still finds it, without a path relative to the repository.
 */
public final class RuntimeJar {
    /** The system property a notebook reads: the runtime jar's absolute path. */
    public static final String PROPERTY = "jitbook.runtime.jar";

    private RuntimeJar() {
    }

    /** Sets {@value #PROPERTY} from {@link #locate()} unless it is set already. */
    static void publish() {
        if (System.getProperty(PROPERTY) != null) return;
        locate().ifPresent(p -> System.setProperty(PROPERTY, p.toString()));
    }

    public static Optional<Path> locate() {
        String given = System.getProperty(PROPERTY);
        if (given != null) return Optional.of(Path.of(given).toAbsolutePath());
        Path loaded = codeSource();
        if (loaded == null) return Optional.empty();
        if (Files.isRegularFile(loaded) && isRuntimeJar(loaded.getFileName().toString())) return Optional.of(loaded);
        // The folder holding jit/target/classes or .../lib/jitbook-jit-V.jar: jit/target, lib.
        Path dir = loaded.getParent();
        if (dir == null) return Optional.empty();
        Optional<Path> beside = find(dir);
        if (beside.isPresent()) return beside;
        return dir.getParent() == null ? Optional.empty() : find(dir.getParent().resolve("runtime"));
    }

    static boolean isRuntimeJar(String fileName) {
        return fileName.matches("jitbook-jit-[0-9][0-9A-Za-z.\\-]*-runtime\\.jar");
    }

    private static Optional<Path> find(Path dir) {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "jitbook-jit-*-runtime.jar")) {
            for (Path p : files) {
                if (isRuntimeJar(p.getFileName().toString())) return Optional.of(p.toAbsolutePath());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Path codeSource() {
        try {
            CodeSource cs = Class.forName("jitbook.cli.Cli", false, RuntimeJar.class.getClassLoader()).getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? null : Path.of(cs.getLocation().toURI()).toAbsolutePath();
        } catch (ClassNotFoundException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
