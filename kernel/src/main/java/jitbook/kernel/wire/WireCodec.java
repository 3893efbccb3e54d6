package jitbook.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns ZeroMQ frames into {@link WireMessage}s and back: identities, the {@code <IDS|MSG>}
 * delimiter, the HMAC signature, four JSON frames and optional buffers. Decoding checks the
 * frame count, the signature (before parsing any JSON, so an unsigned message costs nothing)
 * and that every JSON frame is an object, and refuses a signature it has seen before (a replayed
 * message would otherwise run again), as jupyter_client's Session does. Also makes new headers
 * for this kernel's session.
 */
public final class WireCodec {
    public static final String PROTOCOL_VERSION = "5.3";
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final MessageSigner signer;
    private final String session = UUID.randomUUID().toString();
    private final SignatureHistory seen = new SignatureHistory(SIGNATURE_HISTORY);

    /** Signatures remembered to refuse replays: jupyter_client's Session keeps as many (2^16). */
    static final int SIGNATURE_HISTORY = 1 << 16;

    public WireCodec(MessageSigner signer) {
        this.signer = signer;
    }

    public String session() {
        return session;
    }

    /** Parses and authenticates one multipart message. */
    public WireMessage decode(List<byte[]> frames) throws MalformedMessageException {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                d = i;
                break;
            }
        }
        if (d < 0) throw new MalformedMessageException("no <IDS|MSG> delimiter in " + frames.size() + " frames");
        if (frames.size() < d + 6) {
            throw new MalformedMessageException("expected signature and 4 JSON frames after the delimiter, got "
                    + (frames.size() - d - 1));
        }
        byte[] sig = frames.get(d + 1);
        byte[] h = frames.get(d + 2), p = frames.get(d + 3), m = frames.get(d + 4), c = frames.get(d + 5);
        if (!signer.verify(sig, h, p, m, c)) {
            throw new MalformedMessageException("bad or missing signature");
        }
        if (signer.enabled() && !seen.add(new String(sig, StandardCharsets.US_ASCII))) {
            throw new MalformedMessageException("replayed message: its signature was already used");
        }
        JsonObject header = parseObject(h, "header");
        if (Json.str(header, "msg_type", "").isEmpty()) {
            throw new MalformedMessageException("header has no msg_type");
        }
        return new WireMessage(new ArrayList<>(frames.subList(0, d)), header, parseObject(p, "parent_header"),
                parseObject(m, "metadata"), parseObject(c, "content"),
                new ArrayList<>(frames.subList(d + 6, frames.size())));
    }

    private static JsonObject parseObject(byte[] frame, String what) throws MalformedMessageException {
        try {
            JsonElement e = JsonParser.parseString(new String(frame, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new MalformedMessageException(what + " is not a JSON object");
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException ex) {
            throw new MalformedMessageException("malformed JSON in " + what + ": " + ex.getMessage());
        }
    }

    /** Serializes and signs a message into frames ready for {@code ZMQ.Socket.send}. */
    public List<byte[]> encode(WireMessage msg) {
        byte[] h = bytes(msg.header()), p = bytes(msg.parentHeader());
        byte[] m = bytes(msg.metadata()), c = bytes(msg.content());
        List<byte[]> frames = new ArrayList<>(msg.identities().size() + 6 + msg.buffers().size());
        frames.addAll(msg.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(h, p, m, c).getBytes(StandardCharsets.US_ASCII));
        frames.add(h);
        frames.add(p);
        frames.add(m);
        frames.add(c);
        frames.addAll(msg.buffers());
        return frames;
    }

    private static byte[] bytes(JsonObject o) {
        return Json.GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh header of this kernel's session. */
    public JsonObject header(String msgType) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", "kernel");
        h.addProperty("date", DATE.format(Instant.now()));
        h.addProperty("msg_type", msgType);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }

    /** A message answering {@code request}: same routing identities, parent = its header. */
    public WireMessage reply(WireMessage request, String msgType, JsonObject content) {
        return new WireMessage(request.identities(), header(msgType), request.header(), new JsonObject(),
                content, List.of());
    }

    /** A message with the given parent header and identities (e.g. an IOPub topic). */
    public WireMessage message(List<byte[]> identities, JsonObject parent, String msgType, JsonObject content) {
        return new WireMessage(identities, header(msgType), parent == null ? new JsonObject() : parent,
                new JsonObject(), content, List.of());
    }
}
