package jitbook.kernel.eval;

/**
 * Small lexical helpers over Java source: blanking out comments and string/char/text-block
 * literals (so that pattern checks see only code), and counting open braces for indentation.
 * Positions are preserved: blanked characters become spaces and newlines stay where they were.
 */
public final class JavaSource {
    private JavaSource() {}

    /** {@code src} with comments and literals replaced by spaces (newlines kept). */
    public static String codeOnly(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') { out.append(' '); i++; }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(src, i, end, out);
                i = end;
            } else if (c == '"' && src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                blank(src, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 1);
                blank(src, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String src, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) out.append(src.charAt(k) == '\n' ? '\n' : ' ');
    }

    /** Braces, brackets and parentheses opened and not closed (0 when balanced or over-closed). */
    public static int openDepth(String src) {
        String code = codeOnly(src);
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{' || c == '(' || c == '[') depth++;
            else if (c == '}' || c == ')' || c == ']') depth = Math.max(0, depth - 1);
        }
        return depth;
    }

    /** 0-based line number of {@code offset} in {@code text}. */
    public static int lineOf(String text, int offset) {
        int line = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    /** Offset of the start of the line containing {@code offset}. */
    public static int lineStart(String text, int offset) {
        int i = text.lastIndexOf('\n', Math.max(0, Math.min(offset, text.length()) - 1));
        return i + 1;
    }
}
