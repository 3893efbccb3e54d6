package jitbook.io;

import java.util.Collections;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * What {@link ModelReader#load} gives back: the module tree, checked (which {@code Jit.load}
 * turns into a script module ready to call), and what else the file holds (the original source,
 * the user's extra files, the manifest).
 */
public final class LoadedModel {
    private final String file;
    private final ModuleTree module;
    private final String kind;
    private final String formatVersion;
    private final long opsetVersion;
    private final String source;
    private final Map<String, byte[]> extraFiles;
    private final JsonObject manifest;

    LoadedModel(String file, ModuleTree module, String kind, String formatVersion, long opsetVersion, String source,
            Map<String, byte[]> extraFiles, JsonObject manifest) {
        this.file = file;
        this.module = module;
        this.kind = kind;
        this.formatVersion = formatVersion;
        this.opsetVersion = opsetVersion;
        this.source = source;
        this.extraFiles = Collections.unmodifiableMap(extraFiles);
        this.manifest = manifest;
    }

    public String file() {
        return file;
    }

    /** The module as read: class names, attributes, methods' graphs; {@code Jit.load} makes it callable. */
    public ModuleTree module() {
        return module;
    }

    /** "module", or "function" for a saved ScriptFunction (whose forward is the function). */
    public String kind() {
        return kind;
    }

    public String formatVersion() {
        return formatVersion;
    }

    public long opsetVersion() {
        return opsetVersion;
    }

    /** The source the module was compiled from, for display; null if none was saved. */
    public String source() {
        return source;
    }

    /** The extra files saved with the module, by name (sorted). */
    public Map<String, byte[]> extraFiles() {
        return extraFiles;
    }

    /** The manifest, pretty-printed JSON. */
    public String manifestJson() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(manifest);
    }

    JsonObject manifest() {
        return manifest;
    }
}
