package jitbook.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory test's workload, run in a child JVM of its own so that its resident set is not
 * mixed with whatever earlier tests left in the test JVM: {@code chains} eager evaluations of
 * {@code tanh(x*w+b)*0.5+x} on {@code n} floats, then one line {@code rssKb=... hwmKb=...}.
 */
public final class EagerChainWorkload {
    private EagerChainWorkload() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        int chains = Integer.parseInt(args[1]);
        Tensors.manualSeed(0);
        Tensor x = Tensors.randn(n);
        Tensor w = Tensors.randn(n);
        Tensor b = Tensors.randn(n);
        long rssBefore = statusKb("VmRSS");
        double checksum = 0;
        for (int i = 0; i < chains; i++) {
            Tensor y = x.mul(w).add(b).tanh().mul(0.5).add(x);
            checksum += y.array().floats()[i % n];
        }
        System.out.println("rssBeforeKb=" + rssBefore + " rssKb=" + statusKb("VmRSS") + " hwmKb=" + statusKb("VmHWM")
                + " checksum=" + checksum);
    }

    /** A field of /proc/self/status in kB (VmRSS: resident now; VmHWM: the peak resident set). */
    static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not found in /proc/self/status");
    }
}
