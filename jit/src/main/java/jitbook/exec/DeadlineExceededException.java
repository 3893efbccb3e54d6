package jitbook.exec;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A call ran past the {@link Deadline} its thread opened. A {@link CancellationException}, as an
 * interrupted call's is, so every layer that lets cancellation through lets this through unwrapped.
 */
public final class DeadlineExceededException extends CancellationException {
    private final Duration budget;

    public DeadlineExceededException(Duration budget) {
        super("the call ran past its deadline of " + describe(budget));
        this.budget = budget;
    }

    public Duration budget() {
        return budget;
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : d.toSeconds() + " s";
    }
}
