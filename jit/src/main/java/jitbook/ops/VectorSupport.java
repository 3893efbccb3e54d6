package jitbook.ops;

import org.codehaus.janino.SimpleCompiler;

/**
 * Access to the Vector API ({@code jdk.incubator.vector}) without linking against it: the module
 * is only in the JVM when it was started with {@code --add-modules jdk.incubator.vector}, so code
 * using it is compiled from source by Janino at run time, and callers keep a plain fallback for
 * when it is absent. Used where it measurably pays: dot products (float reductions, which C2
 * does not vectorize) and transcendental functions in fused kernels.
 */
public final class VectorSupport {
    private static final String MODULE = "jdk.incubator.vector";

    private VectorSupport() {
    }

    /** Whether the JVM has the module (and {@code -Djitbook.vectorApi=false} does not turn it off). */
    public static boolean present() {
        return !"false".equals(System.getProperty("jitbook.vectorApi")) && ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** Why {@link #present()} is false, for display. */
    public static String absentReason() {
        if ("false".equals(System.getProperty("jitbook.vectorApi"))) return "turned off by -Djitbook.vectorApi=false";
        return present() ? null : "the JVM was started without --add-modules " + MODULE;
    }

    /**
     * Compiles {@code source} (declaring public class {@code className}, which implements
     * {@code type} and has a public no-argument constructor) and returns an instance; throws
     * {@link IllegalStateException} saying why when the module is absent or the source fails.
     */
    public static <T> T instantiate(String className, String source, Class<T> type) {
        if (!present()) throw new IllegalStateException(absentReason());
        try {
            SimpleCompiler c = new SimpleCompiler();
            c.setParentClassLoader(type.getClassLoader());
            c.cook(source);
            return type.cast(c.getClassLoader().loadClass(className).getDeclaredConstructor().newInstance());
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("the Vector API code did not compile or load: " + e, e);
        }
    }
}
