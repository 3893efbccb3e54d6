package jitbook.script;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java source to classes in memory with the JDK's compiler, against the current class
 * path, and loads them in a child of the given class loader. Scripted programs are valid Java,
 * so this runs them eagerly too: for differential tests, and to construct modules defined only
 * in source ({@code CompilationUnit.newModule}).
 */
public final class InMemoryJavac {
    private InMemoryJavac() {
    }

    /** The default imports every compiled unit gets, the same names the script subset knows. */
    public static final String IMPORTS = "import jitbook.tensor.*;\nimport jitbook.nn.*;\nimport jitbook.optim.*;\n"
            + "import jitbook.ops.DType;\nimport java.util.*;\nimport jitbook.nn.Module;\n";

    /** Compiles {@code source} declaring public class {@code className}; returns the loaded class. */
    public static Class<?> compile(String className, String source, ClassLoader parent) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no system Java compiler: run on a JDK");
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diags, Locale.ROOT, null);
        ForwardingJavaFileManager<StandardJavaFileManager> fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        out.put(name, b);
                        return b;
                    }
                };
            }
        };
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return source;
            }
        };
        List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn"));
        Boolean ok = javac.getTask(null, fm, diags, options, null, List.of(file)).call();
        if (!ok) {
            StringBuilder sb = new StringBuilder("javac rejected " + className + ":");
            for (Diagnostic<?> d : diags.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) sb.append("\n  line ").append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT));
            }
            throw new IllegalArgumentException(sb.toString());
        }
        ClassLoader loader = new ClassLoader(parent) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream b = out.get(name);
                if (b == null) throw new ClassNotFoundException(name);
                byte[] bytes = b.toByteArray();
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        // Scripted asserts always run (as TorchScript's do), so the eager twin runs as with java -ea.
        loader.setDefaultAssertionStatus(true);
        try {
            return loader.loadClass(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wraps loose methods and classes (as a script unit holds them) in a public class with the default imports. */
    public static String wrap(String className, String unitSource) {
        StringBuilder sb = new StringBuilder(IMPORTS);
        String body = unitSource.replaceAll("(?m)^\\s*(import|package) [^\\n]*$", "");
        return sb.append("public class ").append(className).append(" {\n").append(body).append("\n}\n").toString();
    }
}
