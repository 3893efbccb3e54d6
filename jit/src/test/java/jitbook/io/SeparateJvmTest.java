package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The production story end to end: modules saved here are loaded by a fresh JVM whose classpath
 * is only the jit classes and their runtime dependencies (no test classes, no JUnit, no
 * notebook modules, no source) and whose module graph has no compiler and no JShell, through
 * the command line a deployment would smoke-test with.
 */
class SeparateJvmTest {
    @TempDir
    Path dir;

    /** This JVM's classpath minus test classes and test libraries: what the jitbook-jit jar needs at run time. */
    static String runtimeClasspath() {
        List<String> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (e.contains("test-classes") || name.startsWith("junit-") || name.startsWith("opentest4j")
                    || name.startsWith("apiguardian") || name.startsWith("surefire") || name.startsWith("maven-surefire")) {
                continue;
            }
            keep.add(e);
        }
        return String.join(File.pathSeparator, keep);
    }

    static List<String> javaCommand(String classpath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 25) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        // A plain Java SE runtime: no jdk.compiler (javac), no jdk.jshell. ND4J needs jdk.unsupported.
        cmd.add("--limit-modules");
        cmd.add("java.se,jdk.unsupported");
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(classpath);
        return cmd;
    }

    private NdArray runInChild(Path model, Tensor input, String tag) throws Exception {
        Path x = dir.resolve(tag + "-x.npy");
        Path y = dir.resolve(tag + "-y.npy");
        Files.write(x, Npy.write(input.array()));
        List<String> cmd = javaCommand(runtimeClasspath());
        cmd.addAll(List.of("jitbook.cli.Cli", "run", model.toString(), "--input", x.toString(), "--output", y.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish: " + out);
        assertEquals(0, p.exitValue(), out);
        System.out.print("[child JVM, " + tag + "] " + out);
        return Npy.read(Files.readAllBytes(y), y.toString(), null);
    }

    @Test
    void theClasspathOfTheChildHoldsNoTestCodeAndNoNotebookModules() {
        String cp = runtimeClasspath();
        assertFalse(cp.contains("test-classes") || cp.contains("junit") || cp.contains("jitbook-magics") || cp.contains("jitbook-kernel"), cp);
        assertTrue(cp.contains("gson"), cp);
    }

    @Test
    void scriptedAndTracedModulesGiveTheSameResultsInAFreshJvmOnBothBranches() throws Exception {
        ScriptModule scripted = Fixtures.scripted();
        Path s = dir.resolve("scripted.jbm");
        Jit.save(scripted, s);
        float[] pos = scripted.forward(Fixtures.positive()).toFloatArray();
        float[] neg = scripted.forward(Fixtures.negative()).toFloatArray();
        assertArrayEquals(pos, runInChild(s, Fixtures.positive(), "pos").floats(), 1e-6f);
        assertArrayEquals(neg, runInChild(s, Fixtures.negative(), "neg").floats(), 1e-6f);
        assertTrue(Math.abs(pos[0] - neg[0]) > 0.1, "the two inputs take different branches");

        ScriptModule compiled = ScriptedFixture.scripted();
        Path c = dir.resolve("compiled.jbm");
        Jit.save(compiled, c);
        for (Tensor x : ScriptedFixture.inputs()) {
            assertArrayEquals(compiled.forward(x).toFloatArray(), runInChild(c, x, "compiled").floats(), 1e-6f);
        }

        ScriptModule traced = Fixtures.traced();
        Path t = dir.resolve("traced.jbm");
        Jit.save(traced, t);
        Tensor x = Tensors.tensor(new float[][] {{0.3f, -2f, 1.5f}});
        assertArrayEquals(traced.forward(x).toFloatArray(), runInChild(t, x, "traced").floats(), 1e-6f);
    }
}
