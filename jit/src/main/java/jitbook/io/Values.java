package jitbook.io;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Plain (non-tensor, non-module) attribute values in the manifest, tagged with their Java type
 * so that they load back as the same boxed type: {@code {"type": "int", "value": 3}}. Doubles
 * are written with Java's shortest exact decimal form; NaN and infinities as the strings
 * {@code "nan"}, {@code "inf"}, {@code "-inf"}. Lists and tuples nest.
 */
final class Values {
    private Values() {
    }

    /** Encodes {@code v}, or throws naming {@code what} when its type has no file form. */
    static JsonObject encode(Object v, String what) {
        JsonObject o = new JsonObject();
        if (v == null) {
            o.addProperty("type", "none");
        } else if (v instanceof Boolean) {
            o.addProperty("type", "bool");
            o.addProperty("value", (Boolean) v);
        } else if (v instanceof Integer) {
            o.addProperty("type", "int");
            o.addProperty("value", (Integer) v);
        } else if (v instanceof Long) {
            o.addProperty("type", "long");
            o.addProperty("value", (Long) v);
        } else if (v instanceof Float || v instanceof Double) {
            o.addProperty("type", v instanceof Float ? "float" : "double");
            o.add("value", number(((Number) v).doubleValue()));
        } else if (v instanceof String) {
            o.addProperty("type", "str");
            o.addProperty("value", (String) v);
        } else if (v instanceof List || v instanceof Object[]) {
            List<?> items = v instanceof List ? (List<?>) v : java.util.Arrays.asList((Object[]) v);
            o.addProperty("type", v instanceof List ? "list" : "tuple");
            JsonArray a = new JsonArray();
            for (int i = 0; i < items.size(); i++) a.add(encode(items.get(i), what + "[" + i + "]"));
            o.add("items", a);
        } else {
            throw new IllegalArgumentException("cannot save " + what + ": a " + v.getClass().getName()
                    + " has no file form (attributes may be tensors, modules, numbers, booleans, strings, and lists or tuples of those)");
        }
        return o;
    }

    private static JsonElement number(double d) {
        if (Double.isNaN(d)) return new JsonPrimitive("nan");
        if (Double.isInfinite(d)) return new JsonPrimitive(d > 0 ? "inf" : "-inf");
        return new JsonPrimitive(d);
    }

    /** The value {@code o} describes; lists and tuples nest at most {@link jitbook.ir.Type#MAX_NESTING} deep, as their types do. */
    static Object decode(ManifestReader m, JsonObject o, String path) {
        return decode(m, o, path, 0);
    }

    private static Object decode(ManifestReader m, JsonObject o, String path, int depth) {
        String type = m.str(o, "type", path);
        switch (type) {
            case "none": return null;
            case "bool": return m.bool(o, "value", path);
            case "int": {
                long v = m.integer(o, "value", path);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw m.error(path + ".value", "is out of range for an int");
                return (int) v;
            }
            case "long": return m.integer(o, "value", path);
            case "float": return (float) real(m, o, path);
            case "double": return real(m, o, path);
            case "str": return m.str(o, "value", path);
            case "list":
            case "tuple": {
                if (depth >= jitbook.ir.Type.MAX_NESTING) {
                    throw m.error(path, "nests lists and tuples more than " + jitbook.ir.Type.MAX_NESTING + " deep");
                }
                JsonArray a = m.array(o, "items", path);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    String item = path + ".items[" + i + "]";
                    items.add(decode(m, m.object(a.get(i), item), item, depth + 1));
                }
                return type.equals("list") ? items : items.toArray();
            }
            default:
                throw m.error(path + ".type", "names an unknown value type '" + type + "'");
        }
    }

    private static double real(ManifestReader m, JsonObject o, String path) {
        JsonElement e = o.get("value");
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            switch (e.getAsString()) {
                case "nan": return Double.NaN;
                case "inf": return Double.POSITIVE_INFINITY;
                case "-inf": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        return m.real(o, "value", path);
    }
}
