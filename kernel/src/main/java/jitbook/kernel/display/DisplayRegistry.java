package jitbook.kernel.display;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import jitbook.kernel.Log;
import jitbook.magics.display.Display;
import jitbook.magics.display.DisplayHandle;
import jitbook.magics.display.MimeBundle;
import jitbook.magics.display.MimeRenderer;

/**
 * Turns any value into a {@link MimeBundle}: {@code text/plain} always, then whatever the
 * renderers that support the value add (the kernel's own for images, the magics module's for
 * tensors and graphs, found by {@link ServiceLoader}; plus renderers registered at run time
 * through {@link Display#registerRenderer}). A value that already is a bundle is shown as is; a
 * {@link DisplayHandle} renders to nothing, so a cell ending in {@code display(x)} shows x once.
 */
public final class DisplayRegistry {
    private volatile List<MimeRenderer> loaded;

    /** Renderers found by ServiceLoader; looked up on first use, off the kernel's start-up path. */
    private List<MimeRenderer> loaded() {
        List<MimeRenderer> l = loaded;
        if (l != null) return l;
        synchronized (this) {
            if (loaded == null) {
                List<MimeRenderer> found = new ArrayList<>();
                found.add(new ImageRenderer());
                try {
                    for (MimeRenderer r : ServiceLoader.load(MimeRenderer.class, ClassLoader.getSystemClassLoader())) {
                        found.add(r);
                    }
                } catch (java.util.ServiceConfigurationError e) {
                    Log.warn("a MimeRenderer service failed to load", e);
                }
                loaded = found;
            }
            return loaded;
        }
    }

    /**
     * The bundle for {@code value}, or null for nothing to show. {@code plainText} is the
     * text/plain form to start from (JShell's rendering of a cell value); null means
     * {@code String.valueOf(value)}.
     */
    public MimeBundle render(Object value, String plainText) {
        if (value instanceof DisplayHandle) return null;
        if (value instanceof MimeBundle b) return b;
        MimeBundle bundle = MimeBundle.of(MimeBundle.TEXT_PLAIN, plainText != null ? plainText : String.valueOf(value));
        if (value == null) return bundle;
        List<MimeRenderer> all = new ArrayList<>(loaded());
        all.addAll(Display.runtimeRenderers());
        all.sort(Comparator.comparingInt(MimeRenderer::priority));
        for (MimeRenderer r : all) {
            try {
                if (r.supports(value)) r.render(value, bundle);
            } catch (RuntimeException | LinkageError e) {
                Log.warn("renderer " + r.getClass().getName() + " failed on " + value.getClass().getName(), e);
            }
        }
        return bundle;
    }
}
