package jitbook.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Eager intermediates live on the Java heap and are freed by the ordinary collector, so a long
 * loop of eager ops on large tensors stays bounded in resident memory (ND4J storage, freed only
 * when the GC happens to run, grew the same loop to 4.8 GB, measured before the move to heap arrays).
 *
 * <p>The workload runs in a child JVM with the same -Xmx2g the test JVM gets, so that the
 * measured peak (VmHWM) is that of the loop alone, independent of which tests ran before it.
 * Measured on the 2-vCPU machine, G1, -Xmx2g: 60-75 MB resident before the loop, a peak
 * of 190-310 MB after 1,000 chains on JDK 17 and 25 (20 GB of intermediates allocated in all).
 */
class EagerMemoryTest {
    private static final long LIMIT_KB = 1536L * 1024;

    @Test
    @EnabledOnOs(OS.LINUX)
    void aThousandEagerChainsOnAMillionFloatsStayUnderOneAndAHalfGigabytesResident() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Xmx2g");
        // Keep flags such as Java 25's --enable-native-access that the test JVM was given.
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EagerChainWorkload.class.getName());
        cmd.add(Integer.toString(1 << 20));
        cmd.add("1000");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "workload did not finish");
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("rssBeforeKb=(\\d+) rssKb=(\\d+) hwmKb=(\\d+)").matcher(out);
        assertTrue(m.find(), "no measurement in the workload's output: " + out);
        long peakKb = Long.parseLong(m.group(3));
        System.out.printf("eager chain memory: before %d MB, after %d MB, peak %d MB resident%n",
                Long.parseLong(m.group(1)) / 1024, Long.parseLong(m.group(2)) / 1024, peakKb / 1024);
        assertTrue(peakKb < LIMIT_KB, "peak resident set " + peakKb / 1024 + " MB exceeds 1536 MB: " + out);
    }
}
