package jitbook.kernel.eval;

import java.util.Set;
import javax.lang.model.SourceVersion;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The order and kind of JShell's completion suggestions. JShell lists them alphabetically, so a
 * tensor's completions began with {@code equals}, {@code getClass}, {@code hashCode} and
 * {@code notify}: {@code Object}'s methods, which nobody completes to, go last; suggestions that
 * fit the type the context expects go first.
 */
final class SuggestionRank {
    private static final Set<String> OBJECT_METHODS = Set.of("getClass()", "hashCode()", "equals(", "toString()",
            "notify()", "notifyAll()", "wait(", "wait()");

    private SuggestionRank() {}

    static int of(SourceCodeAnalysis.Suggestion s) {
        if (OBJECT_METHODS.contains(s.continuation())) return 2;
        return s.matchesType() ? 0 : 1;
    }

    /** The kind of a completion, for the front end's icons. */
    static String kind(String continuation, Set<String> variables) {
        if (continuation.endsWith("(") || continuation.endsWith("()")) return "function";
        if (variables.contains(continuation)) return "variable";
        if (SourceVersion.isKeyword(continuation)) return "keyword";
        if (!continuation.isEmpty() && Character.isUpperCase(continuation.charAt(0))) return "class";
        return "field";
    }
}
