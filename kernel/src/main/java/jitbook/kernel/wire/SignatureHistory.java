package jitbook.kernel.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} message signatures seen, oldest forgotten first; thread-safe (shell,
 * control and stdin decode on their own threads). HMAC signatures of distinct messages differ
 * (each header has a fresh msg_id and date), so a repeat is a replay.
 */
final class SignatureHistory {
    private final Map<String, Boolean> recent;

    SignatureHistory(int capacity) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records a signature; false if it was already there. */
    synchronized boolean add(String signature) {
        return recent.putIfAbsent(signature, Boolean.TRUE) == null;
    }
}
