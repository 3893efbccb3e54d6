package jitbook.magics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds magics and runs the ones a cell starts with. Magics come from {@link ServiceLoader}
 * ({@code META-INF/services/jitbook.magics.Magic}) and from {@link #register}. A cell is either
 * a cell magic ({@code %%name args} on its first non-blank line, the rest its body) or starts
 * with any number of line magics ({@code %name args}, one per line); Java code after the line
 * magics is handed back in {@link Outcome#remainingCode()} for the host to run as usual, with
 * the magic lines blanked so line numbers stay the cell's. Only leading lines count, so a Java
 * line starting with the {@code %} operator is never taken for a magic.
 *
 * <p>Nothing a magic does ends the session: failures come back as {@link Outcome#error()}.
 */
public final class MagicRegistry {
    private final Map<String, Magic> lineMagics = new LinkedHashMap<>();
    private final Map<String, Magic> cellMagics = new LinkedHashMap<>();

    /** What running a cell's magics produced. */
    public record Outcome(boolean handled, boolean hasValue, Object value, String remainingCode, MagicException error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The magics listed as services on this class's loader. */
    public static MagicRegistry load() {
        MagicRegistry r = new MagicRegistry();
        for (Magic m : ServiceLoader.load(Magic.class, MagicRegistry.class.getClassLoader())) r.register(m);
        return r;
    }

    /** Adds (or replaces) a magic, e.g. a host's own {@code %classpath}. */
    public MagicRegistry register(Magic m) {
        if (m.isLine()) lineMagics.put(m.name(), m);
        if (m.isCell()) cellMagics.put(m.name(), m);
        return this;
    }

    public Magic lineMagic(String name) {
        return lineMagics.get(name);
    }

    public Magic cellMagic(String name) {
        return cellMagics.get(name);
    }

    public List<Magic> lineMagics() {
        return new ArrayList<>(lineMagics.values());
    }

    public List<Magic> cellMagics() {
        return new ArrayList<>(cellMagics.values());
    }

    /** Whether the cell starts with a magic (its first non-blank line begins with {@code %}). */
    public static boolean startsWithMagic(String code) {
        return code.stripLeading().startsWith("%");
    }

    /**
     * Runs the magics the cell starts with. Returns {@code handled=false} (and the code unchanged)
     * for a cell that starts with none.
     */
    public Outcome run(String code, Session session) {
        if (!startsWithMagic(code)) return new Outcome(false, false, null, code, null);
        String[] lines = code.split("\n", -1);
        int first = 0;
        while (lines[first].isBlank()) first++;
        String head = lines[first].strip();
        try {
            if (head.startsWith("%%")) {
                String[] nameAndArgs = splitHead(head.substring(2));
                Magic m = cellMagics.get(nameAndArgs[0]);
                if (m == null) throw unknown("%%" + nameAndArgs[0], true);
                String body = String.join("\n", java.util.Arrays.asList(lines).subList(first + 1, lines.length));
                MagicCall call = new MagicCall(nameAndArgs[0], true, nameAndArgs[1], body, first + 1, this);
                Object v = m.run(call, session);
                return new Outcome(true, v != null, v, "", null);
            }
            Object last = null;
            boolean hasValue = false;
            int i = first;
            for (; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.isEmpty()) continue;
                if (!l.startsWith("%") || l.startsWith("%%")) break;
                String[] nameAndArgs = splitHead(l.substring(1));
                Magic m = lineMagics.get(nameAndArgs[0]);
                if (m == null) throw unknown("%" + nameAndArgs[0], false);
                last = m.run(new MagicCall(nameAndArgs[0], false, nameAndArgs[1], "", i + 1, this), session);
                hasValue = last != null;
                lines[i] = "";
            }
            String rest = String.join("\n", lines);
            if (rest.isBlank()) rest = "";
            return new Outcome(true, hasValue && rest.isEmpty(), rest.isEmpty() ? last : null, rest, null);
        } catch (MagicException e) {
            return new Outcome(true, false, null, "", e);
        } catch (RuntimeException | LinkageError e) {
            // A bug in a magic must not take the session down: report it as the cell's error.
            java.io.StringWriter sw = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(sw));
            return new Outcome(true, false, null, "", new MagicException("MagicError",
                    head + " failed: " + e, List.of(sw.toString().split("\n"))));
        }
    }

    private static String[] splitHead(String s) {
        int i = 0;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) i++;
        return new String[] {s.substring(0, i), s.substring(i).strip()};
    }

    private MagicException unknown(String written, boolean cell) {
        List<String> known = new ArrayList<>();
        for (String n : lineMagics.keySet()) known.add("%" + n);
        for (String n : cellMagics.keySet()) known.add("%%" + n);
        if (written.equals("%") || written.equals("%%")) {
            return new MagicException("UsageError", "a magic needs a name after " + written + "; %lsmagic lists them");
        }
        String other = cell ? written.substring(1) : "%" + written;
        String hint = known.contains(other) ? " (" + other + " is a " + (cell ? "line" : "cell") + " magic)"
                : Suggest.didYouMean(written, known);
        return new MagicException("UnknownMagic", "unknown magic " + written + hint + "; %lsmagic lists them");
    }
}
