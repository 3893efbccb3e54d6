package jitbook.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Java source of a class by simple name, so the compiler can script classes it did
 * not receive directly: {@code Jit.script(module)} needs the module's class, and library code
 * (the {@code jitbook.nn} modules and {@code F}) is compiled from the sources packaged in the
 * jar. The notebook kernel adds a provider that reads JShell snippets of earlier cells.
 */
public interface SourceProvider {
    /** The source found for a class, with the name errors should show for it. */
    final class Found {
        public final String fileName;
        public final String text;
        public final boolean library;

        public Found(String fileName, String text, boolean library) {
            this.fileName = fileName;
            this.text = text;
            this.library = library;
        }
    }

    /** The source that declares {@code simpleName}, or null. */
    Found find(String simpleName);

    /** Jitbook's own library sources, packaged in the jar next to the classes. */
    SourceProvider LIBRARY = name -> {
        for (String pkg : new String[] {"jitbook/nn/"}) {
            try (InputStream in = SourceProvider.class.getClassLoader().getResourceAsStream(pkg + name + ".java")) {
                if (in != null) return new Found(name + ".java", new String(in.readAllBytes(), StandardCharsets.UTF_8), true);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    };

    /** Sources under the given directories (searched recursively for {@code Name.java}). */
    static SourceProvider directories(Path... roots) {
        return name -> {
            for (Path root : roots) {
                if (!Files.isDirectory(root)) continue;
                try (var stream = Files.walk(root)) {
                    Path hit = stream.filter(p -> p.getFileName().toString().equals(name + ".java")).findFirst().orElse(null);
                    if (hit != null) return new Found(root.relativize(hit).toString(), Files.readString(hit), false);
                } catch (IOException e) {
                    return null;
                }
                Found nested = findNested(root, name);
                if (nested != null) return nested;
            }
            return null;
        };
    }

    /** A class declared inside another file's class (a nested class): its declaration, other text blanked so lines keep their numbers. */
    private static Found findNested(Path root, String name) {
        java.util.regex.Pattern decl = java.util.regex.Pattern.compile("\\b(class|record|enum)\\s+" + java.util.regex.Pattern.quote(name) + "\\b");
        try (var stream = Files.walk(root)) {
            for (Path p : (Iterable<Path>) stream.filter(x -> x.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(p);
                if (!decl.matcher(text).find()) continue;
                String only = NestedSource.extract(text, name);
                if (only != null) return new Found(root.relativize(p).toString(), only, false);
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The usual places of a Maven project: src/main/java and src/test/java under the working directory. */
    static SourceProvider projectSources() {
        return directories(Path.of("src/main/java"), Path.of("src/test/java"));
    }

    /** Tries each provider in order. */
    static SourceProvider chain(SourceProvider... providers) {
        List<SourceProvider> ps = new ArrayList<>(List.of(providers));
        return name -> {
            for (SourceProvider p : ps) {
                Found f = p.find(name);
                if (f != null) return f;
            }
            return null;
        };
    }
}
