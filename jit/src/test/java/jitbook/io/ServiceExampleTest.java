package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The plain Java program in examples/service (the one the production notebook runs) is compiled
 * here against the jit module's runtime classpath only, then run in a fresh JVM without javac or
 * JShell against a saved scripted module: it prints what the notebook computed.
 */
class ServiceExampleTest {
    @TempDir
    Path dir;

    @Test
    void theExampleServiceLoadsAScriptedModuleWithOnlyTheJitJar() throws Exception {
        String cp = SeparateJvmTest.runtimeClasspath();
        Path classes = compileExamples(cp);

        ScriptModule module = Jit.compile(ScriptedFixtureSource.SOURCE).newModule("Gate2", 2, 3);
        module.eval();
        Path model = dir.resolve("model.jbm");
        Jit.save(module, model);
        Tensor x = Tensors.tensor(new float[][] {{0.5f, -1.0f}});
        float[] expected = module.forward(x).toFloatArray();

        String out = runExample(classes + java.io.File.pathSeparator + cp, "ServeModel", model.toString(), "0.5", "-1.0");
        String lastLine = out.strip().lines().reduce((a, b) -> b).orElse("");
        List<String> want = new ArrayList<>();
        for (float f : expected) want.add(Float.toString(f));
        assertEquals("[" + String.join(", ", want) + "]", lastLine, out);
    }

    /** Runs an example's main in a fresh JVM without javac or JShell; returns its output, after checking it exited 0. */
    private static String runExample(String classpath, String... mainAndArgs) throws Exception {
        List<String> cmd = SeparateJvmTest.javaCommand(classpath);
        cmd.addAll(List.of(mainAndArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private Path compileExamples(String cp) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-cp", cp, "-d", classes.toString()));
        for (String name : new String[] {"ServeModel.java", "BatchingService.java"}) {
            Path source = Path.of("../examples/service", name);
            assertTrue(Files.exists(source), source + " is in the repo");
            args.add(source.toString());
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0]));
        assertEquals(0, rc, "javac compiles the examples against the jit classpath alone");
        return classes;
    }

    /** Sixteen request threads, one example each per request: every batched answer equals a direct call, in fewer calls. */
    @Test
    void theBatchingServiceAnswersSixteenThreadsWithFewerCalls() throws Exception {
        String cp = SeparateJvmTest.runtimeClasspath();
        Path classes = compileExamples(cp);
        ScriptModule module = Jit.compile(ScriptedFixtureSource.MLP).newModule("Mlp2", 4, 8);
        Path model = dir.resolve("mlp.jbm");
        Jit.save(module, model);
        String out = runExample(classes + java.io.File.pathSeparator + cp, "BatchingService", model.toString(), "4", "16", "20");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("answered 320 requests from 16 threads with (\\d+) forward calls").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) < 320, out);
    }

    /** A small module with a branch, defined in source so the test needs no compiled fixture. */
    static final class ScriptedFixtureSource {
        /** Rows scored independently (no batch-wide branch), as dynamic batching needs. */
        static final String MLP = String.join("\n",
                "class Mlp2 extends Module {",
                "    Linear fc1;",
                "    Linear fc2;",
                "    Mlp2(int in, int hidden) {",
                "        this.fc1 = new Linear(in, hidden);",
                "        this.fc2 = new Linear(hidden, 2);",
                "    }",
                "    public Tensor forward(Tensor x) {",
                "        return fc2.forward(fc1.forward(x).relu()).sigmoid();",
                "    }",
                "}");

        static final String SOURCE = String.join("\n",
                "class Gate2 extends Module {",
                "    Linear fc;",
                "    Gate2(int in, int hidden) {",
                "        this.fc = new Linear(in, hidden);",
                "    }",
                "    public Tensor forward(Tensor x) {",
                "        Tensor h = fc.forward(x);",
                "        if (h.sum().item() > 0) {",
                "            return h.tanh();",
                "        }",
                "        return h.neg();",
                "    }",
                "}");
    }
}
