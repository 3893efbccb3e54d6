package jitbook.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of Jupyter messages: the hex digest of header, parent header,
 * metadata and content frames, in that order. An empty key disables signing, as the protocol
 * says (the signature frame is then empty and not checked). Verification compares in
 * constant time. Thread-safe: one {@link Mac} per calling thread, because Mac instances are not.
 */
public final class MessageSigner {
    private final byte[] key;
    private final ThreadLocal<Mac> mac;

    public MessageSigner(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    public boolean enabled() {
        return key.length > 0;
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The lowercase hex signature of the four frames ("" when signing is disabled). */
    public String sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (!enabled()) return "";
        Mac m = mac.get();
        m.update(header);
        m.update(parent);
        m.update(metadata);
        m.update(content);
        return hex(m.doFinal());
    }

    /** Whether {@code signature} is the right one for the frames (always true when disabled). */
    public boolean verify(byte[] signature, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (!enabled()) return true;
        byte[] expected = sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
