package jitbook.magics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jitbook.script.Scripting;
import jitbook.script.SourceProvider;

/**
 * The sources of classes declared in {@code %%script} cells, by simple name, so that
 * {@code Jit.script(instance)} of such a class finds its source without the user repeating it.
 * Installed into {@link Scripting} once; a later cell declaring the same name replaces it.
 */
public final class CellSources implements SourceProvider {
    private static final CellSources INSTANCE = new CellSources();
    private static volatile boolean installed;
    private final Map<String, Found> classes = new ConcurrentHashMap<>();

    private CellSources() {
    }

    public static synchronized void put(String simpleName, String fileName, String cellSource) {
        if (!installed) {
            Scripting.addSourceProvider(INSTANCE);
            installed = true;
        }
        INSTANCE.classes.put(simpleName, new Found(fileName, cellSource, false));
    }

    @Override
    public Found find(String simpleName) {
        return classes.get(simpleName);
    }
}
