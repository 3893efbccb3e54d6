package jitbook.magics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared parser of magic lines. Words are split on spaces, except inside quotes and
 * parentheses (so {@code f(x, w)} is one word); {@code --name} is a flag or, when the magic
 * declares it as taking a value, an option followed by its value ({@code --runs 20} or
 * {@code --runs=20}); everything else is positional. A word after {@code --} or that cannot be an
 * option is positional. Unknown options and missing values are {@linkplain MagicException#usage
 * usage errors} naming the magic and suggesting the nearest known option.
 */
public final class MagicArgs {

    /** What a magic accepts: flags, options with a value, and how many positional words. */
    public static final class Spec {
        final Set<String> flags = new LinkedHashSet<>();
        final Set<String> valued = new LinkedHashSet<>();
        final String usage;
        int minPositional;
        int maxPositional;
        boolean restIsPositional;

        private Spec(String usage) {
            this.usage = usage;
        }

        public static Spec of(String usage) {
            return new Spec(usage);
        }

        public Spec flags(String... names) {
            flags.addAll(Arrays.asList(names));
            return this;
        }

        public Spec options(String... names) {
            valued.addAll(Arrays.asList(names));
            return this;
        }

        public Spec positional(int min, int max) {
            minPositional = min;
            maxPositional = max;
            return this;
        }

        /** Every flag and valued option, as written ({@code --runs}), for completion. */
        public List<String> optionNames() {
            List<String> all = new ArrayList<>(flags);
            all.addAll(valued);
            return all;
        }

        /**
         * Where the text after the options starts in {@code line} (the offset of its first word that
         * is not an option or an option's value), or the line's length when there is none yet
         * (a last word that starts with {@code -} is an option being typed).
         */
        public int textStart(String line) {
            int i = 0;
            boolean valueNext = false;
            while (true) {
                while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) end++;
                if (end == i) return i; // none left
                String w = line.substring(i, end);
                if (end == line.length()) return w.startsWith("-") && !valueNext ? end : i; // the word being typed: an option, or the text
                if (valueNext) {
                    valueNext = false;
                } else if (flags.contains(w)) {
                    // a flag: the text starts after it
                } else if (valued.contains(w)) {
                    valueNext = true;
                } else {
                    return i;
                }
                i = end;
            }
        }

        /** Takes the first non-option words up to the end as one positional string (e.g. an expression). */
        public Spec restAsText() {
            restIsPositional = true;
            return this;
        }
    }

    private final String magic;
    private final Spec spec;
    private final Set<String> flagsSeen = new LinkedHashSet<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private MagicArgs(String magic, Spec spec) {
        this.magic = magic;
        this.spec = spec;
    }

    public static MagicArgs parse(String magic, String line, Spec spec) {
        MagicArgs a = new MagicArgs(magic, spec);
        String rest = line == null ? "" : line.strip();
        List<String> words = split(rest);
        int i = 0;
        for (; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                i++;
                break;
            }
            if (w.startsWith("-") && w.length() > 1 && !Character.isDigit(w.charAt(1)) && !w.startsWith("-(")) {
                String name = w;
                String inline = null;
                int eq = w.indexOf('=');
                if (eq > 0) {
                    name = w.substring(0, eq);
                    inline = w.substring(eq + 1);
                }
                if (spec.flags.contains(name)) {
                    if (inline != null) throw a.error(name + " takes no value");
                    a.flagsSeen.add(name);
                } else if (spec.valued.contains(name)) {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= words.size() || words.get(i + 1).startsWith("--")) throw a.error(name + " needs a value");
                        v = words.get(++i);
                    }
                    a.values.put(name, unquote(v));
                } else {
                    List<String> known = new ArrayList<>(spec.flags);
                    known.addAll(spec.valued);
                    throw a.error("unknown option " + name + Suggest.didYouMean(name, known)
                            + (known.isEmpty() ? "; it takes no options" : "; it takes " + String.join(", ", known)));
                }
            } else if (spec.restIsPositional) {
                break;
            } else {
                a.positional.add(unquote(w));
            }
        }
        if (spec.restIsPositional && i < words.size()) {
            a.positional.add(textFrom(rest, words, i));
        } else {
            for (; i < words.size(); i++) a.positional.add(unquote(words.get(i)));
        }
        if (a.positional.size() < spec.minPositional) throw a.error("missing argument");
        if (a.positional.size() > spec.maxPositional && !spec.restIsPositional) {
            throw a.error("unexpected " + String.join(" ", a.positional.subList(spec.maxPositional, a.positional.size())));
        }
        return a;
    }

    /** The original text from word {@code i} on (so an expression keeps its own spacing). */
    private static String textFrom(String line, List<String> words, int i) {
        int pos = 0;
        for (int k = 0; k < i; k++) pos = line.indexOf(words.get(k), pos) + words.get(k).length();
        int start = line.indexOf(words.get(i), pos);
        return line.substring(start).strip();
    }

    /** Splits on whitespace outside quotes, parentheses, brackets and braces. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && i + 1 < s.length()) cur.append(s.charAt(++i));
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '"' || c == '\'') quote = c;
            if (c == '(' || c == '[' || c == '{') depth++;
            if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
            if (Character.isWhitespace(c) && depth == 0) {
                if (cur.length() > 0) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }

    private static String unquote(String w) {
        if (w.length() >= 2 && (w.charAt(0) == '"' || w.charAt(0) == '\'') && w.charAt(w.length() - 1) == w.charAt(0)) {
            return w.substring(1, w.length() - 1).replace("\\" + w.charAt(0), String.valueOf(w.charAt(0)));
        }
        return w;
    }

    private MagicException error(String what) {
        return MagicException.usage(magic + ": " + what + "\nusage: " + spec.usage);
    }

    public boolean flag(String name) {
        return flagsSeen.contains(name);
    }

    public String value(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name) || flagsSeen.contains(name);
    }

    /** An integer option, checked to lie in [min, max]. */
    public int intValue(String name, int defaultValue, int min, int max) {
        String v = values.get(name);
        if (v == null) return defaultValue;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw error(name + " must be between " + min + " and " + max + ", not " + n);
            return n;
        } catch (NumberFormatException e) {
            throw error(name + " needs a whole number, not '" + v + "'");
        }
    }

    /** A comma-separated option as a list ({@code --check a,b}). */
    public List<String> listValue(String name) {
        String v = values.get(name);
        if (v == null) return Collections.emptyList();
        List<String> out = new ArrayList<>();
        for (String p : v.split(",")) if (!p.isBlank()) out.add(p.strip());
        return out;
    }

    public List<String> positional() {
        return Collections.unmodifiableList(positional);
    }

    public String positional(int i) {
        return i < positional.size() ? positional.get(i) : null;
    }

    public MagicException usageError(String what) {
        return error(what);
    }
}
