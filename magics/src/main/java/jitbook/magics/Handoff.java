package jitbook.magics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands live objects between a magic (running on the kernel's thread) and the code it runs in
 * the session (on JShell's snippet threads): JShell reports values only as text, so a magic puts
 * an object here and the snippet takes it by key, or the other way round. Both sides load this
 * class from the same class loader (the session's class path delegates to the kernel's), so
 * there is one map.
 */
public final class Handoff {
    private static final Map<String, Object> SLOTS = new ConcurrentHashMap<>();
    private static final Object NULL = new Object();
    private static final AtomicLong NEXT = new AtomicLong();

    private Handoff() {
    }

    /** A key no other hand-off uses. */
    public static String newKey() {
        return "k" + NEXT.incrementAndGet();
    }

    public static void put(String key, Object value) {
        SLOTS.put(key, value == null ? NULL : value);
    }

    /** Takes (and removes) the object under {@code key}; null if absent. */
    public static Object take(String key) {
        Object v = SLOTS.remove(key);
        return v == NULL ? null : v;
    }
}
