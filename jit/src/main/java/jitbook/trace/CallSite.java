package jitbook.trace;

import java.security.CodeSource;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where in the user's code something happened: the first stack frame outside this library
 * (told apart by code source, so the user's tests and notebook cells count as user code), and,
 * when a {@link #lineResolver} knows it, the text of that line.
 */
public final class CallSite {
    /** Looks up a source line's text from (file name, line); the notebook kernel installs one for cells. */
    public static volatile Function<CallSite, String> lineResolver = site -> null;

    private static final CodeSource LIBRARY = CallSite.class.getProtectionDomain().getCodeSource();
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    public final String className;
    public final String methodName;
    public final String fileName;
    public final int line;

    public CallSite(String className, String methodName, String fileName, int line) {
        this.className = className;
        this.methodName = methodName;
        this.fileName = fileName;
        this.line = line;
    }

    /** The innermost frame of user code on the current stack, or null. */
    public static CallSite current() {
        Optional<StackWalker.StackFrame> f = WALKER.walk(s -> s.filter(CallSite::isUserFrame).findFirst());
        return f.map(fr -> new CallSite(fr.getClassName(), fr.getMethodName(), fr.getFileName(), fr.getLineNumber())).orElse(null);
    }

    private static boolean isUserFrame(StackWalker.StackFrame f) {
        Class<?> c = f.getDeclaringClass();
        String n = c.getName();
        if (n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.") || n.startsWith("org.junit.")) return false;
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (LIBRARY == null || cs == null) return !n.startsWith("jitbook.");
        return !LIBRARY.getLocation().equals(cs.getLocation());
    }

    /** The text of the line, if known. */
    public String lineText() {
        try {
            return lineResolver.apply(this);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public String describe() {
        String where = (fileName == null ? className : fileName) + ":" + line + " (" + className + "." + methodName + ")";
        String text = lineText();
        return text == null ? where : where + "\n    " + text.strip();
    }

    /** Identifies the site for "warn once per call site". */
    public String key() {
        return className + "#" + methodName + ":" + line;
    }

    @Override
    public String toString() {
        return describe();
    }
}
