package jitbook.ir;

/**
 * A cursor over IR text with the few token readers the parser needs. Whitespace (newlines
 * included) separates tokens; structure comes from the tokens themselves.
 */
final class IrLexer {
    private final String text;
    private int pos;

    IrLexer(String text) {
        this.text = text;
    }

    void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
    }

    boolean atEnd() {
        skipSpace();
        return pos >= text.length();
    }

    char peek() {
        skipSpace();
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    boolean lookingAt(String s) {
        skipSpace();
        return text.startsWith(s, pos);
    }

    boolean accept(String s) {
        if (lookingAt(s)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    void expect(String s) {
        if (!accept(s)) {
            throw error("expected '" + s + "' but found " + found());
        }
    }

    /** An identifier with letters, digits, '_', '.', and '::' (op kinds such as tensor::add). */
    String ident() {
        skipSpace();
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                pos++;
            } else if (c == ':' && pos + 1 < text.length() && text.charAt(pos + 1) == ':') {
                pos += 2;
            } else {
                break;
            }
        }
        if (start == pos) throw error("expected a name but found " + found());
        return text.substring(start, pos);
    }

    /** A value name after '%': letters, digits, '_' and '.'. */
    String valueName() {
        expect("%");
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$') pos++; else break;
        }
        if (start == pos) throw error("expected a value name after '%'");
        return text.substring(start, pos);
    }

    /** A number literal: returns Long for integers, Double otherwise (nan, inf, -inf included). */
    Number number() {
        skipSpace();
        for (String special : new String[] {"nan", "inf", "-inf"}) {
            if (text.startsWith(special, pos) && !continuesIdent(pos + special.length())) {
                pos += special.length();
                return special.equals("nan") ? Double.NaN : special.equals("inf") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
        }
        int start = pos;
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) pos++;
        boolean isFloat = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isDigit(c)) {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E') {
                isFloat = true;
                pos++;
                if ((c == 'e' || c == 'E') && pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) pos++;
            } else {
                break;
            }
        }
        String s = text.substring(start, pos);
        if (s.isEmpty() || s.equals("-") || s.equals("+")) throw error("expected a number but found " + found());
        try {
            return isFloat ? (Number) Double.parseDouble(s) : (Number) Long.parseLong(s);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed number '" + s + "'");
        }
    }

    private boolean continuesIdent(int p) {
        return p < text.length() && (Character.isLetterOrDigit(text.charAt(p)) || text.charAt(p) == '_');
    }

    String string() {
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\') {
                if (pos >= text.length()) break;
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'u':
                        if (pos + 4 > text.length()) throw error("truncated \\u escape");
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("malformed \\u escape");
                        }
                        pos += 4;
                        break;
                    default: sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        if (pos >= text.length()) throw error("unterminated string");
        pos++;
        return sb.toString();
    }

    String found() {
        skipSpace();
        if (pos >= text.length()) return "the end of the text";
        int end = pos;
        while (end < text.length() && end < pos + 12 && !Character.isWhitespace(text.charAt(end))) end++;
        return "'" + text.substring(pos, end) + "'";
    }

    IrParseException error(String message) {
        int line = 1;
        int lineStart = 0;
        int p = Math.min(pos, text.length());
        for (int i = 0; i < p; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int lineEnd = text.indexOf('\n', lineStart);
        String lineText = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        return new IrParseException(message, line, p - lineStart + 1, lineText);
    }
}
