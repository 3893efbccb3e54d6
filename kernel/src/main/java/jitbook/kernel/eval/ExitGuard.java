package jitbook.kernel.eval;

import jitbook.magics.JavaText;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses cell code that would end the kernel's JVM ({@code System.exit}, {@code Runtime.exit},
 * {@code Runtime.halt}, also as method references). Java 24+ has no SecurityManager to veto the
 * call at run time, so the check is on source text, after Unicode escapes are translated and
 * comments and literals are blanked out. It is a guard against
 * accidents, not a sandbox: reflection or native code can still reach these methods.
 */
public final class ExitGuard {
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bSystem\\s*\\.\\s*exit\\s*\\("),
            Pattern.compile("\\bRuntime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*(exit|halt)\\s*\\("),
            Pattern.compile("\\.\\s*halt\\s*\\("),
            Pattern.compile("import\\s+static\\s+java\\s*\\.\\s*lang\\s*\\.\\s*System\\s*\\.\\s*(exit|\\*)"),
            // Method references: IntConsumer quit = System::exit; quit.accept(0).
            Pattern.compile("\\bSystem\\s*::\\s*exit\\b"),
            Pattern.compile("::\\s*halt\\b"));

    private ExitGuard() {}

    /** A description of the refused call in {@code source}, or null when there is none. */
    public static Refusal check(String source) {
        // javac translates Unicode escapes before it reads a token: so must the check.
        String code = JavaText.codeOnly(JavaText.unescapeUnicode(source));
        for (Pattern p : FORBIDDEN) {
            Matcher m = p.matcher(code);
            if (m.find()) {
                return new Refusal(JavaText.lineOf(code, m.start()), m.start(),
                        code.substring(m.start(), m.end()).replaceAll("\\s+", ""));
            }
        }
        // A Runtime held in a variable: only when the cell mentions Runtime at all.
        if (code.contains("Runtime")) {
            Matcher m = Pattern.compile("\\.\\s*exit\\s*\\(|::\\s*exit\\b").matcher(code);
            if (m.find()) return new Refusal(JavaText.lineOf(code, m.start()), m.start(), "Runtime.exit(");
        }
        return null;
    }

    /** Where and what was refused. {@code line} is 0-based within the checked source. */
    public record Refusal(int line, int offset, String call) {}
}
