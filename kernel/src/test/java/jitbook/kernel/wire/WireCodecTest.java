package jitbook.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hmacMatchesRfc4231TestCase2AcrossFrames() {
        MessageSigner s = new MessageSigner("Jefe");
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                s.sign(b("what do ya"), b(" want "), b("for "), b("nothing?")));
    }

    @Test
    void emptyKeyDisablesSigning() {
        MessageSigner s = new MessageSigner("");
        assertEquals("", s.sign(b("{}"), b("{}"), b("{}"), b("{}")));
        assertTrue(s.verify(b(""), b("{}"), b("{}"), b("{}"), b("{}")));
    }

    private final WireCodec codec = new WireCodec(new MessageSigner("secret"));

    private List<byte[]> sample() {
        JsonObject content = new JsonObject();
        content.addProperty("code", "1+1 <b>&</b> \u00e9");
        WireMessage m = new WireMessage(List.of(b("client-1")), codec.header("execute_request"), new JsonObject(),
                new JsonObject(), content, List.of(b("buf")));
        return new ArrayList<>(codec.encode(m));
    }

    @Test
    void roundTripKeepsIdentitiesContentAndBuffers() throws Exception {
        WireMessage m = codec.decode(sample());
        assertEquals("execute_request", m.msgType());
        assertArrayEquals(b("client-1"), m.identities().get(0));
        assertEquals("1+1 <b>&</b> \u00e9", m.content().get("code").getAsString());
        assertArrayEquals(b("buf"), m.buffers().get(0));
        assertEquals("5.3", m.header().get("version").getAsString());
    }

    @Test
    void rejectsTamperedMissingSignatureAndMalformedFrames() {
        List<byte[]> tampered = sample();
        tampered.set(6, b("{\"code\": \"System.exit(0)\"}"));
        assertThrows(MalformedMessageException.class, () -> codec.decode(tampered));
        List<byte[]> unsigned = sample();
        unsigned.set(2, new byte[0]);
        assertThrows(MalformedMessageException.class, () -> codec.decode(unsigned));
        assertThrows(MalformedMessageException.class, () -> codec.decode(List.of(b("no delimiter"))));
        assertThrows(MalformedMessageException.class, () -> codec.decode(List.of(b("<IDS|MSG>"), b("sig"), b("{}"))));
    }

    @Test
    void refusesAReplayedMessage() throws Exception {
        List<byte[]> once = sample();
        codec.decode(once);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(once));
        assertTrue(e.getMessage().contains("replayed"), e.getMessage());
        codec.decode(sample()); // a new message (fresh msg_id) is fine
    }

    @Test
    void rejectsSignedButInvalidJson() {
        MessageSigner signer = new MessageSigner("secret");
        byte[] h = b("{not json"), p = b("{}"), m = b("{}"), c = b("[]");
        List<byte[]> frames = List.of(b("<IDS|MSG>"), b(signer.sign(h, p, m, c)), h, p, m, c);
        assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        byte[] h2 = b("{\"msg_type\": \"x\"}");
        List<byte[]> arrayContent = List.of(b("<IDS|MSG>"), b(signer.sign(h2, p, m, c)), h2, p, m, c);
        assertThrows(MalformedMessageException.class, () -> codec.decode(arrayContent));
    }

    @Test
    void connectionFileEndpoints() {
        ConnectionInfo ci = ConnectionInfo.parse("{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"shell_port\":1,"
                + "\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,\"hb_port\":5,\"key\":\"k\","
                + "\"signature_scheme\":\"hmac-sha256\"}");
        assertEquals("tcp://127.0.0.1:4", ci.endpoint(ci.controlPort()));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse("{\"shell_port\":1}"));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.parse(
                "{\"transport\":\"ipc\",\"ip\":\"k\",\"shell_port\":1,\"iopub_port\":2,\"stdin_port\":3,"
                        + "\"control_port\":4,\"hb_port\":5}"));
    }
}
