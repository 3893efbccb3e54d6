package jitbook.magics.display;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The display API that notebook cells call (the kernel imports it statically, so a cell writes
 * {@code display(x)}, {@code display(html, "text/html")}, {@code clearOutput()},
 * {@code html("<b>hi</b>")}). It forwards to the {@link DisplaySink} the kernel installed;
 * magics use the same entry points. Renderers registered here at run time are seen by the
 * kernel's renderer registry next to the ones found by {@code ServiceLoader}.
 */
public final class Display {

    /** Prints the plain-text form to {@code System.out}: used when no kernel is running. */
    public static final DisplaySink CONSOLE = new DisplaySink() {
        @Override
        public MimeBundle render(Object value) {
            return MimeBundle.of(MimeBundle.TEXT_PLAIN, String.valueOf(value));
        }

        @Override
        public void show(MimeBundle bundle, String displayId, boolean update) {
            System.out.println(bundle);
        }

        @Override
        public void clearOutput(boolean wait) {}
    };

    private static volatile DisplaySink sink = CONSOLE;
    private static final List<MimeRenderer> RUNTIME_RENDERERS = new CopyOnWriteArrayList<>();

    private Display() {}

    /** Installs the sink that receives all output (the kernel does this once at start). */
    public static void setSink(DisplaySink newSink) {
        sink = newSink == null ? CONSOLE : newSink;
    }

    public static DisplaySink sink() {
        return sink;
    }

    /** Adds a renderer from running code (e.g. a cell or a magic); it takes effect at once. */
    public static void registerRenderer(MimeRenderer renderer) {
        RUNTIME_RENDERERS.add(renderer);
    }

    /** Renderers added with {@link #registerRenderer}, in registration order. */
    public static List<MimeRenderer> runtimeRenderers() {
        return RUNTIME_RENDERERS;
    }

    /** Shows {@code value} rendered by the renderers; returns a handle to update it later. */
    public static DisplayHandle display(Object value) {
        DisplayHandle handle = newHandle();
        sink.show(value instanceof MimeBundle b ? b : sink.render(value), handle.displayId(), false);
        return handle;
    }

    /**
     * Shows {@code value} as {@code mimeType}. A string is taken as the content itself (e.g.
     * HTML source with {@code "text/html"}, Markdown with {@code "text/markdown"}, LaTeX with
     * {@code "text/latex"}, SVG with {@code "image/svg+xml"}), with a plain-text fallback. Any
     * other value is rendered and only its {@code mimeType} form (plus text/plain) is shown, or
     * its {@code toString()} as that type when no renderer produces it.
     */
    public static DisplayHandle display(Object value, String mimeType) {
        DisplayHandle handle = newHandle();
        sink.show(asMime(value, mimeType), handle.displayId(), false);
        return handle;
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        sink.clearOutput(false);
    }

    /** Clears the cell's output; with {@code wait}, when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        sink.clearOutput(wait);
    }

    /** A value that renders as HTML; end a cell with it to show HTML. */
    public static MimeBundle html(String html) {
        return asMime(html, MimeBundle.TEXT_HTML);
    }

    /** A value that renders as Markdown. */
    public static MimeBundle markdown(String markdown) {
        return asMime(markdown, MimeBundle.TEXT_MARKDOWN);
    }

    /** A value that renders as LaTeX (e.g. {@code "$x^2$"}). */
    public static MimeBundle latex(String latex) {
        return asMime(latex, MimeBundle.TEXT_LATEX);
    }

    /** A value that renders as SVG. */
    public static MimeBundle svg(String svg) {
        return asMime(svg, MimeBundle.IMAGE_SVG);
    }

    /** {@code text} as {@code mimeType}, with the text itself as the plain-text fallback. */
    public static MimeBundle asMime(String text, String mimeType) {
        MimeBundle bundle = MimeBundle.of(MimeBundle.TEXT_PLAIN, text);
        return bundle.put(mimeType, text);
    }

    /** {@code value} shown as {@code mimeType} only (see {@link #display(Object, String)}). */
    public static MimeBundle asMime(Object value, String mimeType) {
        if (value instanceof String || value == null) return asMime(String.valueOf(value), mimeType);
        MimeBundle full = value instanceof MimeBundle b ? b : sink.render(value);
        Object text = full.get(MimeBundle.TEXT_PLAIN);
        Object wanted = full.get(mimeType);
        MimeBundle bundle = MimeBundle.of(MimeBundle.TEXT_PLAIN, text != null ? text : String.valueOf(value));
        return bundle.put(mimeType, wanted != null ? wanted : String.valueOf(value));
    }

    private static DisplayHandle newHandle() {
        return new DisplayHandle(UUID.randomUUID().toString());
    }
}
