package jitbook.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Test helper: takes a saved model apart and puts it back together, as an attacker or a bad disk would. */
final class Surgery {
    final Map<String, byte[]> entries = new LinkedHashMap<>();

    static Surgery open(Path p) throws IOException {
        Surgery s = new Surgery();
        try (ZipFile zf = new ZipFile(p.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zf.entries())) s.entries.put(e.getName(), zf.getInputStream(e).readAllBytes());
        }
        return s;
    }

    String text(String entry) {
        return new String(entries.get(entry), StandardCharsets.UTF_8);
    }

    Surgery put(String entry, String text) {
        entries.put(entry, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Surgery put(String entry, byte[] bytes) {
        entries.put(entry, bytes);
        return this;
    }

    Surgery remove(String entry) {
        entries.remove(entry);
        return this;
    }

    JsonObject manifest() {
        return JsonParser.parseString(text(Archive.MANIFEST)).getAsJsonObject();
    }

    Surgery editManifest(UnaryOperator<JsonObject> edit) {
        JsonObject m = edit.apply(manifest());
        return put(Archive.MANIFEST, new GsonBuilder().setPrettyPrinting().create().toJson(m));
    }

    /** Recomputes the manifest's sizes and hashes, so that only deeper checks can notice a change. */
    Surgery rehash() {
        return editManifest(m -> {
            JsonObject listed = new JsonObject();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (e.getKey().equals(Archive.MANIFEST) || !m.getAsJsonObject("entries").has(e.getKey())) continue;
                JsonObject info = new JsonObject();
                info.addProperty("size", e.getValue().length);
                info.addProperty("sha256", Archive.sha256(e.getValue()));
                listed.add(e.getKey(), info);
            }
            m.add("entries", listed);
            return m;
        });
    }

    void write(Path p) throws IOException {
        try (OutputStream out = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
