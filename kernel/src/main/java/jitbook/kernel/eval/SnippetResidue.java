package jitbook.kernel.eval;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jitbook.kernel.Log;

/**
 * What JShell keeps of snippets the kernel dropped, and its release. JShell never forgets a
 * snippet: it keeps every wrapper class it generated in its compiler's in-memory file manager,
 * and every snippet's wrapped source (the snippet inside a class, after an import header that
 * names every declaration of the session, a few KB each). javac lists all those classes each time
 * it compiles a snippet (their package is on the compile class path): measured, that listing was
 * half of a {@code 1+1} cell's time after 3,000 cells, so latency grew linearly with the session,
 * and the heap grew by ~14 KB a cell. A dropped statement or expression is never named by later
 * code (its variables are {@code $N} temporaries a cell cannot use), so its class files and its
 * wrapped source can go; classes already loaded in the execution engine are untouched. JShell
 * itself keeps no wrapped source for a rejected snippet, so an inactive snippet without one is a
 * state its own code handles.
 *
 * <p>JShell offers no API for this, so the fields are reached by reflection, which needs the JVM
 * flag {@value #ADD_OPENS} (the kernelspec passes it). Without it everything works as before,
 * with latency and memory that grow with the session; the kernel logs that once.
 */
final class SnippetResidue {
    static final String ADD_OPENS = "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED";

    private static final String PACKAGE = "REPL.";

    private final Map<String, ?> classObjects; // compiler side: class name -> class file; null when unreachable
    private final Map<String, ?> trackedBytes;  // class name -> bytes kept for redefinition
    private final Map<String, ?> classOuters;   // simple class name -> wrapped source, for stack traces
    private final Field outerWrap;
    /** Class files each active declaration's eval compiled. By identity: a replacement keeps its predecessor's id. */
    private final Map<Snippet, Set<String>> classesOf = new IdentityHashMap<>();

    @SuppressWarnings("unchecked")
    SnippetResidue(JShell jshell) {
        Map<String, ?> classes = null, tracked = null, outers = null;
        Field outer = null;
        try {
            Object taskFactory = read(jshell, JShell.class, "taskFactory");
            Object fileManager = read(taskFactory, taskFactory.getClass(), "fileManager");
            classes = (Map<String, ?>) read(fileManager, fileManager.getClass(), "classObjects");
            Object tracker = read(jshell, JShell.class, "classTracker");
            tracked = (Map<String, ?>) read(tracker, tracker.getClass(), "map");
            Object outerMap = read(jshell, JShell.class, "outerMap");
            outers = (Map<String, ?>) read(outerMap, outerMap.getClass(), "classOuters");
            outer = Snippet.class.getDeclaredField("outer");
            outer.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.info("JShell's per-snippet state is out of reach (" + e.getClass().getSimpleName() + "): cell latency and "
                    + "memory will grow with the length of the session; start the JVM with " + ADD_OPENS);
            classes = null;
        }
        this.classObjects = classes;
        this.trackedBytes = tracked;
        this.classOuters = outers;
        this.outerWrap = outer;
    }

    private static Object read(Object target, Class<?> type, String field) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        return f.get(target);
    }

    /** Whether dropped snippets' residue can be released (the JVM has the add-opens flag). */
    boolean enabled() {
        return classObjects != null;
    }

    /** The class files held now, by name (empty when disabled); taken before each eval. */
    Map<String, Object> snapshot() {
        return classObjects == null ? Map.of() : new HashMap<>(classObjects);
    }

    /**
     * Called after each eval with the class files held just before it. What the eval compiled
     * belongs to its one new snippet when nothing else was recompiled (the other events, if any,
     * say which earlier snippets it overwrote): released at once if the snippet was dropped,
     * else remembered until a later declaration overwrites it. Overwritten snippets' residue
     * goes: dependents that named them were recompiled against their replacements.
     */
    void afterEval(List<SnippetEvent> events, Map<String, Object> before, JShell jshell) {
        if (classObjects == null || events.isEmpty()) return;
        List<SnippetEvent> primary = events.stream().filter(e -> e.causeSnippet() == null).collect(Collectors.toList());
        boolean onlyOverwrites = events.stream()
                .allMatch(e -> e.causeSnippet() == null || e.status() == Snippet.Status.OVERWRITTEN);
        // New class files, and rewritten ones: a redefinition may reuse its predecessor's class name.
        Set<String> added = new TreeSet<>();
        classObjects.forEach((name, file) -> {
            if (before.get(name) != file) added.add(name);
        });
        if (primary.size() == 1 && onlyOverwrites) {
            Snippet s = primary.get(0).snippet();
            Snippet.Status status = jshell.status(s);
            if (status == Snippet.Status.DROPPED) release(s, added, true);
            else if (status.isActive() && !added.isEmpty()) classesOf.put(s, added);
        }
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null || e.status() != Snippet.Status.OVERWRITTEN) continue;
            Set<String> classes = classesOf.remove(e.snippet());
            if (classes == null) continue;
            // A replacement may reuse a wrapper class name: that class file is the replacement's now.
            classes.removeAll(added);
            classesOf.values().forEach(classes::removeAll);
            // Overwritten by a rejected declaration, the snippet's classes stay loaded in the execution
            // engine under names the next declaration of the same name will be compiled to: JShell's
            // tracker must still know them as loaded, or it loads the new class file under the old
            // name and the class already defined there (the old code) runs.
            release(e.snippet(), classes, jshell.status(e.causeSnippet()).isActive());
        }
    }

    /**
     * A snippet JShell will never compile against again loses its class files and wrapped source,
     * and, with {@code untrack}, the tracker's record of its loaded classes (only when their names
     * cannot come back: a dropped statement's, or a declaration's replaced by one compiled to other names).
     */
    private void release(Snippet s, Set<String> classes, boolean untrack) {
        for (String name : classes) {
            classObjects.remove(name);
            if (untrack) trackedBytes.remove(name);
            if (name.startsWith(PACKAGE)) classOuters.remove(name.substring(PACKAGE.length()));
        }
        try {
            outerWrap.set(s, null);
        } catch (IllegalAccessException e) {
            Log.debug("cannot release the wrapped source of snippet " + s.id() + ": " + e);
        }
    }

    /** How many class files are held (for tests; -1 when disabled). */
    int classCount() {
        return classObjects == null ? -1 : classObjects.size();
    }
}
