package jitbook.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamOutputTest {
    @Test
    void utf8PrefixStopsBeforeASplitCharacter() {
        byte[] euro = "a\u20ac".getBytes(StandardCharsets.UTF_8); // 'a' + 3 bytes
        assertEquals(4, StreamOutput.completeUtf8Prefix(euro));
        assertEquals(1, StreamOutput.completeUtf8Prefix(Arrays.copyOf(euro, 2)));
        assertEquals(1, StreamOutput.completeUtf8Prefix(Arrays.copyOf(euro, 3)));
        byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // 4 bytes
        assertEquals(0, StreamOutput.completeUtf8Prefix(Arrays.copyOf(emoji, 3)));
        assertEquals(4, StreamOutput.completeUtf8Prefix(emoji));
        assertEquals(0, StreamOutput.completeUtf8Prefix(new byte[0]));
    }
}
