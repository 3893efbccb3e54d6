package jitbook.magics.display;

/**
 * A shown output that can be replaced later (Jupyter's {@code display_id}). Returned by
 * {@link Display#display(Object)}; the kernel never renders a handle itself as a cell result,
 * so a cell ending in {@code display(x)} shows {@code x} once.
 */
public final class DisplayHandle {
    private final String displayId;

    DisplayHandle(String displayId) {
        this.displayId = displayId;
    }

    public String displayId() {
        return displayId;
    }

    /** Replaces what this handle shows with {@code value}, rendered by the renderers. */
    public void update(Object value) {
        Display.sink().show(Display.sink().render(value), displayId, true);
    }

    /** Replaces what this handle shows with {@code value} shown as {@code mimeType}. */
    public void update(Object value, String mimeType) {
        Display.sink().show(Display.asMime(value, mimeType), displayId, true);
    }

    @Override
    public String toString() {
        return "DisplayHandle[" + displayId + "]";
    }
}
