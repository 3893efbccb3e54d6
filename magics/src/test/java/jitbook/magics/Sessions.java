package jitbook.magics;

import java.util.List;

import jitbook.magics.display.MimeBundle;

/** One real JShell session shared by the magics' tests (starting one costs seconds), and helpers. */
public final class Sessions {
    private static JShellSession shared;
    private static final MagicRegistry REGISTRY = MagicRegistry.load();

    private Sessions() {
    }

    public static synchronized JShellSession shared() {
        if (shared == null) {
            shared = JShellSession.start();
            shared.setDisplayTarget(b -> { });
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static MagicRegistry registry() {
        return REGISTRY;
    }

    /** Runs Java code in the shared session, failing the test on an error. */
    public static Object java(String code) {
        Session.Result r = shared().eval(code);
        if (!r.ok()) throw new AssertionError(r.errorText() + "\n" + String.join("\n", r.traceback()));
        return r.value();
    }

    /** Runs a cell through the registry; returns the outcome with the bundles it displayed. */
    public static Run cell(String code) {
        JShellSession s = shared();
        s.clearShown();
        MagicRegistry.Outcome o = REGISTRY.run(code, s);
        return new Run(o, List.copyOf(s.shown()));
    }

    /** A cell's outcome and what it displayed. */
    public record Run(MagicRegistry.Outcome outcome, List<MimeBundle> shown) {
        public Run ok() {
            if (!outcome.ok()) {
                throw new AssertionError(outcome.error().ename() + ": " + outcome.error().getMessage() + "\n"
                        + String.join("\n", outcome.error().traceback()));
            }
            return this;
        }

        public String html() {
            StringBuilder sb = new StringBuilder();
            for (MimeBundle b : shown) if (b.get(MimeBundle.TEXT_HTML) != null) sb.append(b.get(MimeBundle.TEXT_HTML));
            return sb.toString();
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            for (MimeBundle b : shown) if (b.get(MimeBundle.TEXT_PLAIN) != null) sb.append(b.get(MimeBundle.TEXT_PLAIN));
            return sb.toString();
        }

        public MagicException error() {
            if (outcome.ok()) throw new AssertionError("expected an error, got success:\n" + text());
            return outcome.error();
        }
    }
}
