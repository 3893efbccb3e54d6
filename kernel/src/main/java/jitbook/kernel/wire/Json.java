package jitbook.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collection;
import java.util.Map;

/**
 * Gson helpers shared by the kernel. HTML escaping is off (Jupyter payloads are full of
 * {@code <} and {@code >}) and nulls are kept, because the protocol distinguishes a null
 * field from a missing one.
 */
public final class Json {
    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {}

    public static String str(JsonObject o, String name, String fallback) {
        JsonElement e = o == null ? null : o.get(name);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? fallback : e.getAsString();
    }

    public static boolean bool(JsonObject o, String name, boolean fallback) {
        JsonElement e = o == null ? null : o.get(name);
        if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) return fallback;
        return e.getAsBoolean();
    }

    public static int integer(JsonObject o, String name, int fallback) {
        JsonElement e = o == null ? null : o.get(name);
        if (e == null || e.isJsonNull() || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return fallback;
        return e.getAsInt();
    }

    public static JsonObject obj(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    public static JsonArray strings(Collection<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** Converts a MIME value (String, Map, List, number...) into JSON. */
    public static JsonElement toJson(Object value) {
        if (value instanceof JsonElement e) return e;
        if (value instanceof CharSequence s) return new com.google.gson.JsonPrimitive(s.toString());
        return GSON.toJsonTree(value);
    }

    public static JsonObject mapToJson(Map<String, Object> map) {
        JsonObject o = new JsonObject();
        map.forEach((k, v) -> o.add(k, toJson(v)));
        return o;
    }
}
