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
    /** One parameter: its name, its type, and whether it may be left out (then {@code defaultValue} applies). */
    public static final class Param {
        public final String name;
        public final ArgType type;
        public final boolean hasDefault;
        public final Object defaultValue;

        Param(String name, ArgType type, boolean hasDefault, Object defaultValue) {
            this.name = name;
            this.type = type;
            this.hasDefault = hasDefault;
            this.defaultValue = defaultValue;
        }

        @Override
        public String toString() {
            return type.spelling() + " " + name + (hasDefault ? "=" + SchemaDefaults.print(defaultValue) : "");
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
                ArgType t = ArgType.parse(p.substring(0, sp).trim());
                String pname = p.substring(sp + 1).trim();
                ps.add(new Param(pname, t, dflt != null, dflt == null ? null : SchemaDefaults.parse(dflt, t)));
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

    public ArgType result() {
        return result;
    }

    @Override
    public String toString() {
        return text;
    }
}
