package jitbook.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Typed reads of manifest fields. Every failure is a {@link ModelFormatException} that names the
 * file, the manifest entry and the field's path (e.g. {@code root.attributes[2].shape}).
 */
final class ManifestReader {
    final String file;

    ManifestReader(String file) {
        this.file = file;
    }

    ModelFormatException error(String path, String message) {
        return new ModelFormatException(file, Archive.MANIFEST, "field '" + path + "' " + message);
    }

    private JsonElement get(JsonObject o, String key, String path) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw error(join(path, key), "is missing");
        return e;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull();
    }

    String str(JsonObject o, String key, String path) {
        JsonElement e = get(o, key, path);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw error(join(path, key), "must be a string");
        return e.getAsString();
    }

    boolean bool(JsonObject o, String key, String path) {
        JsonElement e = get(o, key, path);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) throw error(join(path, key), "must be true or false");
        return e.getAsBoolean();
    }

    long integer(JsonObject o, String key, String path) {
        JsonElement e = get(o, key, path);
        return integer(e, join(path, key));
    }

    long integer(JsonElement e, String path) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw error(path, "must be an integer");
        try {
            return new java.math.BigDecimal(e.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw error(path, "must be an integer, found " + e.getAsString());
        }
    }

    double real(JsonObject o, String key, String path) {
        JsonElement e = get(o, key, path);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw error(join(path, key), "must be a number");
        return e.getAsDouble();
    }

    JsonObject object(JsonObject o, String key, String path) {
        return object(get(o, key, path), join(path, key));
    }

    JsonObject object(JsonElement e, String path) {
        if (!e.isJsonObject()) throw error(path, "must be an object");
        return e.getAsJsonObject();
    }

    JsonArray array(JsonObject o, String key, String path) {
        JsonElement e = get(o, key, path);
        if (!e.isJsonArray()) throw error(join(path, key), "must be a list");
        return e.getAsJsonArray();
    }

    long[] shape(JsonObject o, String key, String path) {
        JsonArray a = array(o, key, path);
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = integer(a.get(i), join(path, key) + "[" + i + "]");
            if (s[i] < 0) throw error(join(path, key), "has a negative dimension");
        }
        return s;
    }

    static JsonArray shapeJson(long[] shape) {
        JsonArray a = new JsonArray();
        for (long d : shape) a.add(new JsonPrimitive(d));
        return a;
    }
}
