package jitbook.magics.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One value rendered in several representations, keyed by MIME type, plus per-type metadata:
 * the {@code data} and {@code metadata} of a Jupyter {@code display_data} or
 * {@code execute_result} message. Values are usually strings (text, HTML, base64 PNG); a
 * {@code Map}/{@code List} is allowed for JSON types such as {@code application/json}.
 * Insertion order is kept so that front ends and tests see a stable order. Not thread-safe:
 * a bundle is built by one renderer call and then handed over.
 */
public final class MimeBundle {
    public static final String TEXT_PLAIN = "text/plain";
    public static final String TEXT_HTML = "text/html";
    public static final String TEXT_MARKDOWN = "text/markdown";
    public static final String TEXT_LATEX = "text/latex";
    public static final String IMAGE_SVG = "image/svg+xml";
    public static final String IMAGE_PNG = "image/png";

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    public MimeBundle() {}

    /** A bundle with a single representation. */
    public static MimeBundle of(String mimeType, Object value) {
        return new MimeBundle().put(mimeType, value);
    }

    /** Adds or replaces the representation for {@code mimeType}; returns this bundle. */
    public MimeBundle put(String mimeType, Object value) {
        data.put(mimeType, value);
        return this;
    }

    /** Adds metadata for one MIME type (e.g. {@code width} for an image); returns this bundle. */
    public MimeBundle putMetadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    public Object get(String mimeType) {
        return data.get(mimeType);
    }

    public boolean has(String mimeType) {
        return data.containsKey(mimeType);
    }

    public boolean isEmpty() {
        return data.isEmpty();
    }

    /** Copies every representation and metadata entry of {@code other} into this bundle. */
    public MimeBundle putAll(MimeBundle other) {
        data.putAll(other.data);
        metadata.putAll(other.metadata);
        return this;
    }

    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    @Override
    public String toString() {
        Object text = data.get(TEXT_PLAIN);
        return text != null ? text.toString() : "MimeBundle" + data.keySet();
    }
}
