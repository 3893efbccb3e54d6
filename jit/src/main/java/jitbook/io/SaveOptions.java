package jitbook.io;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code Jit.save} writes besides the module itself: the original source (kept for
 * display; never compiled on load) and "extra files", user metadata stored verbatim under
 * {@code extra/} and handed back by {@code Jit.load(path, extraFiles)}. Immutable; each
 * method returns a new options object.
 */
public final class SaveOptions {
    /** Extra-file names: relative paths of letters, digits, '_', '-', '.', with '/' between parts, no "..". */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_\\-.]*(/[A-Za-z0-9_\\-][A-Za-z0-9_\\-.]*)*");

    private final String source;
    private final Map<String, byte[]> extraFiles;

    private SaveOptions(String source, Map<String, byte[]> extraFiles) {
        this.source = source;
        this.extraFiles = extraFiles;
    }

    public static SaveOptions defaults() {
        return new SaveOptions(null, new TreeMap<>());
    }

    /** Records {@code source} as the module's original source (overrides the module's own). */
    public SaveOptions source(String source) {
        return new SaveOptions(source, extraFiles);
    }

    public SaveOptions extraFile(String name, byte[] content) {
        checkName(name);
        Map<String, byte[]> m = new TreeMap<>(extraFiles);
        m.put(name, content.clone());
        return new SaveOptions(source, m);
    }

    public SaveOptions extraFile(String name, String content) {
        return extraFile(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public SaveOptions extraFiles(Map<String, byte[]> files) {
        SaveOptions o = this;
        for (Map.Entry<String, byte[]> e : files.entrySet()) o = o.extraFile(e.getKey(), e.getValue());
        return o;
    }

    public String source() {
        return source;
    }

    /** Sorted by name; the arrays are the options' own, do not modify them. */
    public Map<String, byte[]> extraFiles() {
        return Collections.unmodifiableMap(extraFiles);
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.length() > 200
                || name.equals(".") || name.contains("/./") || name.startsWith("./") || name.contains("..")) {
            throw new IllegalArgumentException("extra file name '" + name + "' is not allowed: use a relative path of letters, digits, "
                    + "'_', '-' and '.', with '/' between parts and no '..'");
        }
    }
}
