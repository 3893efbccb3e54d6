package jitbook.magics;

/**
 * The lexical half of the toolkit for cell source (the syntactic half, with javac's parser, is
 * {@link JavaSource}): blanking out comments and string/char/text-block literals (so that pattern
 * checks see only code), translating Unicode escapes, measuring string constants, counting open
 * braces for indentation, and line arithmetic. Positions are preserved: blanked characters become
 * spaces and newlines stay where they were. Hand-written because these run on every cell and
 * keystroke (is_complete) and must work on text javac cannot parse.
 */
public final class JavaText {
    private JavaText() {}

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

    /**
     * {@code src} with Unicode escapes ({@code \u005cu0065}, also {@code \u005cuu0065}) translated, as javac
     * does before it reads any token: checks on source text must look at what the compiler sees.
     * A backslash that is itself escaped (preceded by an odd number of backslashes) starts no escape.
     */
    public static String unescapeUnicode(String src) {
        if (src.indexOf("\\u") < 0) return src;
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        int backslashes = 0;
        for (int i = 0; i < n; i++) {
            char c = src.charAt(i);
            if (c == '\\' && backslashes % 2 == 0 && i + 1 < n && src.charAt(i + 1) == 'u') {
                int j = i + 1;
                while (j < n && src.charAt(j) == 'u') j++;
                if (j + 4 <= n && isHex(src, j, j + 4)) {
                    out.append((char) Integer.parseInt(src.substring(j, j + 4), 16));
                    i = j + 3;
                    backslashes = 0;
                    continue;
                }
            }
            backslashes = c == '\\' ? backslashes + 1 : 0;
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) return false;
        }
        return true;
    }

    /**
     * Size in modified UTF-8 bytes (the class file's encoding) of the longest string constant in
     * {@code src}: a string literal or text block, or a run of them joined by {@code +}, which
     * javac folds into one constant. Escape sequences count as the character they stand for;
     * a text block counts its indentation too (an overestimate by at most that).
     */
    public static int longestStringConstant(String src) {
        int n = src.length();
        int longest = 0;
        int run = 0;
        boolean afterLiteral = false;
        boolean sawPlus = false;
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && (src.charAt(i + 1) == '/' || src.charAt(i + 1) == '*')) {
                int end = src.charAt(i + 1) == '/' ? src.indexOf('\n', i) : src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + (src.charAt(i + 1) == '/' ? 1 : 2);
                continue; // comments between joined literals do not break the run
            }
            if (c == '"') {
                boolean block = src.startsWith("\"\"\"", i);
                int start = i + (block ? 3 : 1);
                int end;
                if (block) {
                    end = src.indexOf("\"\"\"", start);
                    if (end < 0) end = n;
                    i = Math.min(n, end + 3);
                    int firstLine = src.indexOf('\n', start);
                    if (firstLine >= 0 && firstLine < end) start = firstLine + 1; // the content starts on the next line
                } else {
                    int j = start;
                    while (j < n && src.charAt(j) != '"' && src.charAt(j) != '\n') j += src.charAt(j) == '\\' ? 2 : 1;
                    end = Math.min(j, n);
                    i = Math.min(n, end + 1);
                }
                int bytes = modifiedUtf8Length(src, start, end);
                run = afterLiteral && sawPlus ? run + bytes : bytes;
                longest = Math.max(longest, run);
                afterLiteral = true;
                sawPlus = false;
                continue;
            }
            if (c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != '\'' && src.charAt(j) != '\n') j += src.charAt(j) == '\\' ? 2 : 1;
                i = Math.min(n, j + 1);
            } else if (Character.isWhitespace(c)) {
                i++;
                continue;
            } else if (c == '+' && afterLiteral && !sawPlus) {
                sawPlus = true;
                i++;
                continue;
            } else {
                i++;
            }
            afterLiteral = false;
            sawPlus = false;
        }
        return longest;
    }

    private static int modifiedUtf8Length(String s, int from, int to) {
        int bytes = 0;
        for (int k = from; k < to; k++) {
            int ch = s.charAt(k);
            if (ch == '\\' && k + 1 < to) {
                char e = s.charAt(++k);
                if (e == '\n') continue; // a text block's line continuation
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    int max = e <= '3' ? 2 : 1;
                    while (max-- > 0 && k + 1 < to && s.charAt(k + 1) >= '0' && s.charAt(k + 1) <= '7') v = v * 8 + s.charAt(++k) - '0';
                    ch = v;
                } else {
                    ch = 'x'; // \n, \t, \", \\, \s ...: one byte each
                }
            }
            bytes += ch != 0 && ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
        }
        return bytes;
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
