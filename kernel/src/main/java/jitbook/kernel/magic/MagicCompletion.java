package jitbook.kernel.magic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.magics.Magic;
import jitbook.magics.MagicRegistry;
import jitbook.magics.Session;

/**
 * Completion on magic lines, driven by the magic registry (every magic the kernel can run, the
 * magics module's and the kernel's own): the name after {@code %} or {@code %%}, then the words
 * after it through the magic's own {@link Magic#completions} (its options, the compiled
 * functions {@code %ir} and {@code %save} take ...). A magic line is the first non-blank line,
 * or a line magic among the leading line magics, as {@link MagicRegistry#run} reads them.
 */
public final class MagicCompletion {
    private MagicCompletion() {}

    /** Completions when the cursor is on a magic line, else null (the code is Java). */
    public static JShellEvaluator.Completions complete(MagicRegistry registry, String code, int cursor, Session session) {
        int ls = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        if (cursor == 0) ls = 0;
        if (!leadingMagicLine(code, ls)) return null;
        String line = code.substring(ls, cursor);
        String head = line.stripLeading();
        if (!head.startsWith("%")) return null;
        int headStart = ls + line.length() - head.length();
        boolean firstLine = code.substring(0, ls).isBlank();
        int space = indexOfWhitespace(head);
        List<String> matches = new ArrayList<>();
        if (space < 0) {
            String typed = head;
            boolean cellOnly = typed.startsWith("%%");
            if (!cellOnly) {
                for (Magic m : registry.lineMagics()) if (("%" + m.name()).startsWith(typed)) matches.add("%" + m.name());
            }
            if (firstLine) {
                String asCell = cellOnly ? typed : "%" + typed;
                for (Magic m : registry.cellMagics()) if (("%%" + m.name()).startsWith(asCell)) matches.add("%%" + m.name());
            }
            Collections.sort(matches);
            return new JShellEvaluator.Completions(matches, Collections.nCopies(matches.size(), "magic"), headStart, cursor);
        }
        boolean cell = head.startsWith("%%");
        String name = head.substring(cell ? 2 : 1, space);
        Magic m = cell ? registry.cellMagic(name) : registry.lineMagic(name);
        String rest = head.substring(space);
        if (!cell && m != null && javaStart(m, rest) >= 0 && javaStart(m, rest) < rest.length()) return null; // Java: JShell completes it
        int wordStart = Math.max(rest.lastIndexOf(' '), rest.lastIndexOf('\t')) + 1;
        String word = rest.substring(wordStart);
        if (m != null) matches.addAll(m.completions(word, cell, session));
        return new JShellEvaluator.Completions(matches, Collections.nCopies(matches.size(), word.startsWith("-") ? "keyword" : "variable"),
                cursor - word.length(), cursor);
    }

    /** Whether the line starting at {@code ls} is the first non-blank line, or follows only blank and line-magic lines. */
    private static boolean leadingMagicLine(String code, int ls) {
        for (String l : code.substring(0, ls).split("\n", -1)) {
            String t = l.strip();
            if (!t.isEmpty() && (!t.startsWith("%") || t.startsWith("%%"))) return false;
        }
        return true;
    }

    /** The Java a line magic's line ends in ({@code %time t.sum()}: {@code t.sum()}), or "". */
    private static String lineJava(MagicRegistry registry, String line) {
        String head = line.stripLeading();
        if (head.startsWith("%%")) return "";
        int space = indexOfWhitespace(head);
        if (space < 0) return "";
        Magic m = registry.lineMagic(head.substring(1, space));
        String rest = head.substring(space);
        int at = m == null ? -1 : javaStart(m, rest);
        return at < 0 ? "" : rest.substring(at);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    /**
     * Where the Java of a line magic's arguments starts in {@code rest} (the text after its name),
     * or -1 when the magic takes no Java ({@link Magic#lineJavaStart}).
     */
    private static int javaStart(Magic m, String rest) {
        int at = m.lineJavaStart(rest);
        return at < 0 ? -1 : Math.min(at, rest.length());
    }

    /**
     * The magic whose name the cursor is on (on a leading magic line, as {@code %ti|me} or
     * {@code %%trace|}), or null.
     */
    public static Magic magicAt(MagicRegistry registry, String code, int cursor) {
        int ls = cursor == 0 ? 0 : code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        if (!leadingMagicLine(code, ls)) return null;
        int le = code.indexOf('\n', ls);
        String line = code.substring(ls, le < 0 ? code.length() : le);
        String head = line.stripLeading();
        int headStart = ls + line.length() - head.length();
        if (!head.startsWith("%")) return null;
        boolean cell = head.startsWith("%%");
        int space = indexOfWhitespace(head);
        int nameEnd = headStart + (space < 0 ? head.length() : space);
        if (cursor < headStart || cursor > nameEnd) return null;
        String name = head.substring(cell ? 2 : 1, nameEnd - headStart);
        if (cell && !code.substring(0, ls).isBlank()) return null;
        return cell ? registry.cellMagic(name) : registry.lineMagic(name);
    }

    /**
     * The code with its leading magic lines blanked (same length, newlines kept), so JShell
     * completes the Java below a {@code %%} line or after line magics; a line magic that takes
     * Java ({@code %time statement}) keeps its Java.
     */
    public static String javaPart(MagicRegistry registry, String code) {
        StringBuilder sb = new StringBuilder(code.length());
        boolean leading = true;
        for (String l : code.split("\n", -1)) {
            if (sb.length() > 0) sb.append('\n');
            String t = l.strip();
            if (leading && t.startsWith("%")) {
                sb.append(" ".repeat(l.length() - lineJava(registry, l).length())).append(lineJava(registry, l));
                if (t.startsWith("%%")) leading = false;
            } else {
                if (!t.isEmpty()) leading = false;
                sb.append(l);
            }
        }
        return sb.toString();
    }
}
