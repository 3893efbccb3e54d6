package jitbook.magics.display;

/**
 * Where {@link Display} sends output. The Jupyter kernel installs one that publishes
 * {@code display_data}, {@code update_display_data} and {@code clear_output} on its IOPub
 * channel; outside a kernel the {@link Display#CONSOLE console sink} prints the plain-text form.
 * The magics module talks to this interface, so it never depends on the kernel.
 */
public interface DisplaySink {

    /** Renders {@code value} through the renderers into a bundle, without showing it. */
    MimeBundle render(Object value);

    /**
     * Shows a bundle. With {@code update} false a new output is created (tagged with
     * {@code displayId} when it is not null); with {@code update} true the existing outputs
     * tagged {@code displayId} are replaced.
     */
    void show(MimeBundle bundle, String displayId, boolean update);

    /** Clears the current cell's output; with {@code wait}, only when new output arrives. */
    void clearOutput(boolean wait);
}
