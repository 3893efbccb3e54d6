package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The packaged runtime jar ({@code target/jitbook-jit-<version>-runtime.jar}), copied alone into
 * an empty folder, runs {@code info} and {@code run} with {@code java -jar} on a JVM without
 * javac or JShell: a scripted module with control flow, a function whose elementwise chain
 * becomes a fused kernel (the relocated Janino compiles it), and one whose matrix product is
 * large enough for OpenBLAS (natives unpacked by JavaCPP from inside the jar). Run by failsafe
 * after {@code package} ({@code mvn verify}).
 */
class RuntimeJarIT {
    @TempDir
    Path empty;
    Path jar;

    @BeforeEach
    void copyTheJarIntoAnEmptyFolder() throws Exception {
        Path built;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            built = files.filter(p -> p.getFileName().toString().matches("jitbook-jit-.*-runtime\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/jitbook-jit-*-runtime.jar: run mvn package first"));
        }
        assertEquals(List.of(), list(empty), "the folder starts empty");
        jar = Files.copy(built, empty.resolve("jitbook-runtime.jar"));
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs {@code java -jar jitbook-runtime.jar args...} in the folder; returns exit status and output. */
    private Object[] javaJar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 25) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("--limit-modules", "java.se,jdk.unsupported", "-Xmx512m",
                "-Dorg.bytedeco.javacpp.cachedir=" + empty.resolve(".javacpp"), "-jar", jar.getFileName().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(empty.toFile()).redirectErrorStream(true);
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), out);
        return new Object[] {p.exitValue(), out};
    }

    private NdArray run(String model, Tensor x) throws Exception {
        Files.write(empty.resolve("x.npy"), Npy.write(x.array()));
        Object[] r = javaJar("run", model, "--input", "x.npy", "--output", "y.npy");
        assertEquals(0, r[0], (String) r[1]);
        return Npy.read(Files.readAllBytes(empty.resolve("y.npy")), "y.npy", null);
    }

    @Test
    void infoAndRunWorkFromAnEmptyFolderWithOnlyTheJar() throws Exception {
        ScriptModule net = Fixtures.scripted();
        Jit.save(net, empty.resolve("net.jbm"));
        Object[] info = javaJar("info", "net.jbm", "--no-ir");
        assertEquals(0, info[0], (String) info[1]);
        assertTrue(((String) info[1]).contains("forward(x : Float(2, 3)) -> (Tensor)"), (String) info[1]);
        assertArrayEquals(net.forward(Fixtures.positive()).toFloatArray(), run("net.jbm", Fixtures.positive()).floats(), 1e-6f);
        assertArrayEquals(net.forward(Fixtures.negative()).toFloatArray(), run("net.jbm", Fixtures.negative()).floats(), 1e-6f);
    }

    @Test
    void aFusedKernelAndANativeMatrixProductRunFromTheJar() throws Exception {
        Tensor x = Tensors.randn(64, 1000);
        ScriptFunction chain = Jit.trace(a -> a.mul(0.5).add(1.0).tanh().mul(a).sigmoid(), x);
        Jit.save(chain, empty.resolve("chain.jbm"));
        assertArrayEquals(((Tensor) chain.call(x)).toFloatArray(), run("chain.jbm", x).floats(), 1e-6f);

        Tensors.manualSeed(5);
        Tensor w = Tensors.randn(512, 512);
        Tensor a = Tensors.randn(512, 512);
        ScriptFunction product = Jit.trace(m -> m.matmul(w), a);
        Jit.save(product, empty.resolve("matmul.jbm"));
        assertArrayEquals(((Tensor) product.call(a)).toFloatArray(), run("matmul.jbm", a).floats(), 1e-3f);
    }

    @Test
    void aRefusedFileIsOneLineAndStatusOne() throws Exception {
        Files.writeString(empty.resolve("bad.jbm"), "not a model");
        Object[] r = javaJar("info", "bad.jbm");
        assertEquals(1, r[0], (String) r[1]);
        String out = ((String) r[1]).strip();
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("error: bad.jbm: is not a Jitbook model"), out);
    }

    /** Gson and Janino live under jitbook.shaded, so a host's own versions (Spark's) cannot replace them; no test code ships. */
    @Test
    void theJarRelocatesGsonAndJaninoAndHoldsNoTestCode() throws Exception {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertTrue(z.getEntry("jitbook/shaded/com/google/gson/Gson.class") != null);
            assertTrue(z.getEntry("jitbook/shaded/org/codehaus/janino/SimpleCompiler.class") != null);
            assertTrue(z.getEntry("com/google/gson/Gson.class") == null && z.getEntry("org/codehaus/janino/SimpleCompiler.class") == null);
            assertTrue(z.getEntry("jitbook/cli/Cli.class") != null);
            assertFalse(z.stream().anyMatch(e -> e.getName().startsWith("org/junit/") || e.getName().equals("jitbook/io/Fixtures.class")
                    || e.getName().equals("jitbook/io/RuntimeJarIT.class")), "no JUnit, no test classes");
            assertTrue(z.stream().anyMatch(e -> e.getName().startsWith("org/bytedeco/openblas/linux-x86_64/")), "OpenBLAS natives");
        }
    }
}
