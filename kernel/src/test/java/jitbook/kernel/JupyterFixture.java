package jitbook.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Python integration scripts under {@code src/test/python} with Debian's Jupyter
 * client ({@code /usr/bin/python3}, not whatever python is first on PATH). Writes kernelspecs
 * into a temporary {@code JUPYTER_PATH} that start {@code jitbook.kernel.Main} with this test
 * run's class path, on this JVM ({@code jitbook}) or another one ({@code jitbook-other}).
 */
final class JupyterFixture {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPTS = Path.of("src/test/python").toAbsolutePath();
    static final Path JAVA17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    static final Path JAVA25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    final Path root;

    JupyterFixture() throws IOException {
        assumeJupyterClient();
        root = Files.createTempDirectory("jitbook-jupyter-");
        writeKernelSpec("jitbook", Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
    }

    static void assumeJupyterClient() {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 is missing");
        int rc;
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import jupyter_client, nbformat, nbclient")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            rc = p.waitFor();
        } catch (IOException | InterruptedException e) {
            rc = -1;
        }
        Assumptions.assumeTrue(rc == 0,
                "skipped: /usr/bin/python3 lacks jupyter_client/nbformat/nbclient (apt install python3-jupyter-client)");
    }

    /** The other JDK of the two we support (17 and 25), if installed: its java and feature version. */
    static Map.Entry<Path, Integer> otherJava() {
        int here = Runtime.version().feature();
        if (here >= 25 && Files.isExecutable(JAVA17)) return Map.entry(JAVA17, 17);
        if (here < 25 && Files.isExecutable(JAVA25)) return Map.entry(JAVA25, 25);
        return null;
    }

    /** The class path of this test run (surefire may hide it behind a manifest-only jar). */
    static String classpath() {
        String sf = System.getProperty("surefire.test.class.path");
        return sf != null && !sf.isBlank() ? sf : System.getProperty("java.class.path");
    }

    void writeKernelSpec(String name, Path java, int feature) throws IOException {
        JsonArray argv = new JsonArray();
        argv.add(java.toString());
        if (feature >= 23) {
            argv.add("--enable-native-access=ALL-UNNAMED");
            argv.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (feature <= 23) argv.add("-Djava.security.manager=allow"); // as the kernelspec: the exit veto
        argv.add("-Xmx1g");
        argv.add("-XX:+UseSerialGC");
        argv.add("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED"); // as the kernelspec (eval.SnippetResidue)
        argv.add("-cp");
        argv.add(classpath());
        argv.add("jitbook.kernel.Main");
        argv.add("{connection_file}");
        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", "Jitbook (test, Java " + feature + ")");
        spec.addProperty("language", "java");
        spec.addProperty("interrupt_mode", "message");
        Path dir = root.resolve("share/kernels").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kernel.json"), spec.toString(), StandardCharsets.UTF_8);
    }

    /** Runs a script from src/test/python; fails with its output unless it exits with 0. */
    String run(long timeoutSeconds, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-u", SCRIPTS.resolve(script).toString()));
        cmd.addAll(List.of(args));
        return runCommand(timeoutSeconds, script, SCRIPTS, cmd);
    }

    /**
     * Runs {@code cmd} in {@code dir} with this fixture's Jupyter folders in the environment (the
     * kernelspecs in JUPYTER_PATH); fails with its output unless it exits with 0 in time.
     */
    String runCommand(long timeoutSeconds, String name, Path dir, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Path log = root.resolve(name + "-" + System.nanoTime() + ".log");
        pb.redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", root.resolve("share").toString());
        env.put("JUPYTER_DATA_DIR", root.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", root.resolve("runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", root.resolve("config").toString());
        env.put("JITBOOK_JAVAC", Path.of(System.getProperty("java.home"), "bin", "javac").toString());
        env.put("JITBOOK_JAR", Path.of(System.getProperty("java.home"), "bin", "jar").toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!done) p.destroyForcibly().waitFor();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("---- " + String.join(" ", cmd) + "\n" + out);
        if (!done) fail(name + " timed out after " + timeoutSeconds + " s:\n" + out);
        if (p.exitValue() != 0) fail(name + " exited with " + p.exitValue() + ":\n" + out);
        return out;
    }
}
