package jitbook.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An op's signature in TorchScript's schema language, e.g.
 * {@code add(Tensor self, Tensor|Scalar other) -> Tensor}. Parsed once at registration; read by
 * the dispatcher (which arguments are tensors), the IR verifier (arity and kinds) and the
 * script compiler (method names and parameters).
 */
public final class Schema {
    /**
     * One parameter: its name, its type, whether the op changes it in place (TorchScript's alias
     * annotation {@code (a!)} after the type, as in {@code add(Any(a!) self, Any value)}), and
     * whether it may be left out (then {@code defaultValue} applies).
     */
    public static final class Param {
        public final String name;
        public final ArgType type;
        public final boolean mutated;
        public final boolean hasDefault;
        public final Object defaultValue;

        Param(String name, ArgType type, boolean mutated, boolean hasDefault, Object defaultValue) {
            this.name = name;
            this.type = type;
            this.mutated = mutated;
            this.hasDefault = hasDefault;
            this.defaultValue = defaultValue;
        }

        @Override
        public String toString() {
            return type.spelling() + (mutated ? "(a!)" : "") + " " + name + (hasDefault ? "=" + SchemaDefaults.print(defaultValue) : "");
        }
    }

    private final String text;
    private final String methodName;
    private final List<Param> params;
    private final ArgType result;

    private Schema(String text, String methodName, List<Param> params, ArgType result) {
        this.text = text;
        this.methodName = methodName;
        this.params = params;
        this.result = result;
    }

    public static Schema parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        int arrow = text.indexOf("->", close);
        if (open < 0 || close < open || arrow < 0) {
            throw new IllegalArgumentException("malformed schema: " + text);
        }
        String name = text.substring(0, open).trim();
        List<Param> ps = new ArrayList<>();
        String inner = text.substring(open + 1, close).trim();
        if (!inner.isEmpty()) {
            for (String part : inner.split(",")) {
                String p = part.trim();
                String dflt = null;
                int eq = p.indexOf('=');
                if (eq >= 0) {
                    dflt = p.substring(eq + 1).trim();
                    p = p.substring(0, eq).trim();
                }
                int sp = p.lastIndexOf(' ');
                String typeText = p.substring(0, sp).trim();
                boolean mutated = false;
                if (typeText.endsWith(")") && typeText.indexOf('(') > 0) {
                    String alias = typeText.substring(typeText.indexOf('(') + 1, typeText.length() - 1);
                    if (!alias.matches("[a-z]!?")) throw new IllegalArgumentException("malformed alias annotation (" + alias + ") in schema: " + text);
                    mutated = alias.endsWith("!");
                    typeText = typeText.substring(0, typeText.indexOf('('));
                }
                ArgType t = ArgType.parse(typeText);
                String pname = p.substring(sp + 1).trim();
                ps.add(new Param(pname, t, mutated, dflt != null, dflt == null ? null : SchemaDefaults.parse(dflt, t)));
            }
        }
        ArgType ret = ArgType.parse(text.substring(arrow + 2).trim());
        return new Schema(text, name, Collections.unmodifiableList(ps), ret);
    }

    public String methodName() {
        return methodName;
    }

    public List<Param> params() {
        return params;
    }

    public int arity() {
        return params.size();
    }

    /** The number of parameters without defaults. */
    public int requiredArity() {
        int n = 0;
        for (Param p : params) {
            if (!p.hasDefault) n++;
        }
        return n;
    }

    /** The index of the parameter the op changes in place ({@code (a!)}), or -1. */
    public int mutatedParam() {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).mutated) return i;
        }
        return -1;
    }

    public ArgType result() {
        return result;
    }

    @Override
    public String toString() {
        return text;
    }
}
