package jitbook.kernel.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The imports every session starts with: the tensor API, nn, optim and the JIT facade, and the
 * display functions. The jit packages are being written in parallel, so each is imported only
 * if it exists on the class path at start-up: the kernel works today and picks them up later
 * without a change. Single-type imports are added for names that would otherwise be ambiguous
 * with {@code java.lang} (e.g. {@code jitbook.nn.Module} versus {@code java.lang.Module}).
 */
public final class DefaultImports {
    /** JShell's own default imports (its DEFAULT startup), which a notebook user expects. */
    static final List<String> JDK_PACKAGES = List.of("java.io", "java.math", "java.net", "java.nio.file", "java.util",
            "java.util.concurrent", "java.util.function", "java.util.regex", "java.util.stream");
    /** Packages imported on demand, when present. */
    static final List<String> PACKAGES = List.of("jitbook.tensor", "jitbook.nn", "jitbook.optim", "jitbook.jit");
    /** Classes that clash with java.lang or JShell's default imports: imported by name. */
    static final List<String> SINGLE_TYPES = List.of("jitbook.nn.Module", "jitbook.tensor.Tensor", "jitbook.ops.DType");
    /** Classes whose static members are imported, when present. */
    static final List<String> STATIC = List.of("jitbook.magics.display.Display");

    private DefaultImports() {}

    public static List<String> forClasspath() {
        ClassLoader cl = ClassLoader.getSystemClassLoader();
        List<String> imports = new ArrayList<>();
        for (String p : JDK_PACKAGES) imports.add("import " + p + ".*;");
        for (String p : PACKAGES) {
            if (cl.getResource(p.replace('.', '/')) != null) imports.add("import " + p + ".*;");
        }
        for (String c : SINGLE_TYPES) {
            if (cl.getResource(c.replace('.', '/') + ".class") != null) imports.add("import " + c + ";");
        }
        for (String c : STATIC) {
            if (cl.getResource(c.replace('.', '/') + ".class") != null) imports.add("import static " + c + ".*;");
        }
        return imports;
    }
}
