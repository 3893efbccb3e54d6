package jitbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the forked benchmark JVM's peak resident set (VmHWM from /proc/self/status) when a
 * trial ends, so every result comes with the memory it took: ND4J frees native memory only
 * when the garbage collector runs, which JMH's timings alone would never show.
 */
final class PeakMemory {
    private PeakMemory() {
    }

    static void report(String what) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    System.out.printf("%n[peak-rss] %s: %d MB%n", what, kb / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("[peak-rss] " + what + ": unavailable (" + e + ")");
        }
    }
}
