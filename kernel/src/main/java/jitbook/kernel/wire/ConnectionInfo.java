package jitbook.kernel.wire;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contents of a Jupyter connection file: transport, IP, the five ports and the signing
 * key and scheme. The kernel binds exactly the addresses named here (never a wildcard it
 * chose itself), so a connection file with {@code "ip": "127.0.0.1"} keeps the kernel local.
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort,
                             int stdinPort, int controlPort, int hbPort,
                             String key, String signatureScheme) {

    /** Reads and validates a connection file. */
    public static ConnectionInfo read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses connection-file JSON; missing ports or an unsupported scheme are errors. */
    public static ConnectionInfo parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        String transport = o.has("transport") ? o.get("transport").getAsString() : "tcp";
        String ip = o.has("ip") ? o.get("ip").getAsString() : "127.0.0.1";
        String key = o.has("key") ? o.get("key").getAsString() : "";
        String scheme = o.has("signature_scheme") ? o.get("signature_scheme").getAsString() : "hmac-sha256";
        if (!transport.equals("tcp")) {
            // JeroMQ emulates ipc:// over loopback TCP, which a libzmq front end cannot reach.
            throw new IllegalArgumentException("transport " + transport + " is not supported (only tcp)");
        }
        if (!key.isEmpty() && !scheme.equals("hmac-sha256")) {
            throw new IllegalArgumentException("unsupported signature_scheme " + scheme + " (only hmac-sha256)");
        }
        return new ConnectionInfo(transport, ip, port(o, "shell_port"), port(o, "iopub_port"),
                port(o, "stdin_port"), port(o, "control_port"), port(o, "hb_port"), key, scheme);
    }

    private static int port(JsonObject o, String name) {
        if (!o.has(name)) throw new IllegalArgumentException("connection file lacks " + name);
        return o.get(name).getAsInt();
    }

    /** The ZeroMQ endpoint for a port: {@code tcp://ip:port}. */
    public String endpoint(int port) {
        return transport + "://" + ip + ":" + port;
    }
}
