package jitbook.kernel;

import java.util.Optional;
import jitbook.kernel.eval.ExitVeto;

/**
 * Ends the kernel when the front end that started it is gone, as ipykernel does: jupyter_client
 * puts its process id in {@code JPY_PARENT_PID}; once that process has exited (or this process
 * was reparented away from it), nobody can talk to the kernel any more, and a JVM left running
 * would hold its memory for ever. Polled once a second on a daemon thread. A kernel started
 * without the variable (by hand, or as an independent kernel) is not watched.
 */
final class ParentWatch {
    static final long POLL_MILLIS = 1000;

    private ParentWatch() {}

    static void start() {
        String env = System.getenv("JPY_PARENT_PID");
        if (env == null || env.isBlank()) return;
        long parent;
        try {
            parent = Long.parseLong(env.strip());
        } catch (NumberFormatException e) {
            Log.info("ignoring JPY_PARENT_PID=" + env + ": not a process id");
            return;
        }
        if (parent <= 1) return;
        long myParentAtStart = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Thread t = new Thread(() -> {
            Log.markInternalThread();
            while (true) {
                try {
                    Thread.sleep(POLL_MILLIS);
                    if (gone(parent, myParentAtStart)) {
                        Log.info("the front end (process " + parent + ") is gone: exiting");
                        ExitVeto.halt(1);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable e) { // nothing may end this thread but the parent's exit
                    Log.warn("parent watch", e);
                }
            }
        }, "jitbook-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Whether the watched process has exited, or this process no longer is the child it was. */
    static boolean gone(long parent, long myParentAtStart) {
        Optional<ProcessHandle> p = ProcessHandle.of(parent);
        if (p.isEmpty() || !p.get().isAlive()) return true;
        long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        return myParentAtStart == parent && now != parent;
    }
}
