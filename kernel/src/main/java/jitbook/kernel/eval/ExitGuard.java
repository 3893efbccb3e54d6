package jitbook.kernel.eval;

import jitbook.magics.JavaText;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses cell code that would end the kernel's JVM ({@code System.exit}, {@code Runtime.exit},
 * {@code Runtime.halt}, also as method references), on source text after Unicode escapes are
 * translated and comments and literals are blanked out. The calls spelled out in full are
 * refused everywhere, before the cell runs, with the line they are on. A call through a
 * {@code Runtime} kept in a variable is refused only where no run-time veto exists (Java 24+,
 * see {@link ExitVeto}), and only on a name the cell declares as a {@code Runtime}: elsewhere
 * the veto refuses it when it happens, and {@code job.halt()} or {@code app.exit(0)} on other
 * objects are nobody's business. It is a guard against accidents, not a sandbox: reflection or
 * native code can still reach these methods.
 */
public final class ExitGuard {
    private static final List<Pattern> SPELLED_OUT = List.of(
            Pattern.compile("\\bSystem\\s*\\.\\s*exit\\s*\\("),
            Pattern.compile("\\bRuntime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*(\\.\\s*(exit|halt)\\s*\\(|::\\s*(exit|halt)\\b)"),
            Pattern.compile("import\\s+static\\s+java\\s*\\.\\s*lang\\s*\\.\\s*System\\s*\\.\\s*(exit|\\*)"),
            // Method references: IntConsumer quit = System::exit; quit.accept(0).
            Pattern.compile("\\bSystem\\s*::\\s*exit\\b"));
    /** {@code Runtime rt}, {@code rt = Runtime.getRuntime()}: names the cell gives a Runtime. */
    private static final Pattern RUNTIME_NAME = Pattern.compile(
            "\\bRuntime\\s+(\\w+)\\s*[=;,)]|\\b(\\w+)\\s*=\\s*(?:java\\s*\\.\\s*lang\\s*\\.\\s*)?Runtime\\s*\\.\\s*getRuntime\\s*\\(");

    private ExitGuard() {}

    /**
     * A description of the refused call in {@code source}, or null when there is none;
     * {@code vetoedAtRunTime}: whether {@link ExitVeto} refuses exits when they happen.
     */
    public static Refusal check(String source, boolean vetoedAtRunTime) {
        // javac translates Unicode escapes before it reads a token: so must the check.
        String code = JavaText.codeOnly(JavaText.unescapeUnicode(source));
        for (Pattern p : SPELLED_OUT) {
            Matcher m = p.matcher(code);
            if (m.find()) return refusal(code, m);
        }
        if (vetoedAtRunTime || !code.contains("Runtime")) return null;
        Matcher names = RUNTIME_NAME.matcher(code);
        while (names.find()) {
            String name = names.group(1) != null ? names.group(1) : names.group(2);
            Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*(\\.\\s*(exit|halt)\\s*\\(|::\\s*(exit|halt)\\b)").matcher(code);
            if (m.find()) return refusal(code, m);
        }
        return null;
    }

    private static Refusal refusal(String code, Matcher m) {
        return new Refusal(JavaText.lineOf(code, m.start()), m.start(), code.substring(m.start(), m.end()).replaceAll("\\s+", ""));
    }

    /** Where and what was refused. {@code line} is 0-based within the checked source. */
    public record Refusal(int line, int offset, String call) {}
}
