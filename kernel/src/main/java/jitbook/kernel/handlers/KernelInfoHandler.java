package jitbook.kernel.handlers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jitbook.kernel.channels.RequestChannel;
import jitbook.kernel.wire.WireCodec;
import jitbook.kernel.wire.WireMessage;

/**
 * {@code kernel_info_request}: protocol version, implementation, language_info for Java
 * (CodeMirror mode, file extension, MIME type), banner and help links. Built once: this is
 * the request front ends use to see whether the kernel is alive, so it must be instant.
 */
public final class KernelInfoHandler implements Handler {
    public static final String VERSION = "0.1.0";
    private final JsonObject content;

    public KernelInfoHandler() {
        String javaVersion = System.getProperty("java.version");
        JsonObject lang = new JsonObject();
        lang.addProperty("name", "java");
        lang.addProperty("version", javaVersion);
        lang.addProperty("mimetype", "text/x-java-source");
        lang.addProperty("file_extension", ".jshell");
        lang.addProperty("pygments_lexer", "java");
        JsonObject cm = new JsonObject();
        cm.addProperty("name", "text/x-java");
        lang.add("codemirror_mode", cm);
        JsonArray links = new JsonArray();
        links.add(link("Java " + Runtime.version().feature() + " API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"));
        links.add(link("JShell guide", "https://docs.oracle.com/en/java/javase/17/jshell/introduction-jshell.html"));
        content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("protocol_version", WireCodec.PROTOCOL_VERSION);
        content.addProperty("implementation", "jitbook");
        content.addProperty("implementation_version", VERSION);
        content.add("language_info", lang);
        content.addProperty("banner", "Jitbook " + VERSION + " - Java " + javaVersion
                + " (JShell) with tensors and a tracing/scripting JIT");
        content.addProperty("debugger", false);
        content.add("help_links", links);
    }

    private static JsonObject link(String text, String url) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        o.addProperty("url", url);
        return o;
    }

    @Override
    public JsonObject handle(WireMessage request, RequestChannel channel) {
        return content;
    }
}
