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
        Path source = Path.of("../examples/service/ServeModel.java");
        assertTrue(Files.exists(source), "examples/service/ServeModel.java is in the repo");
        String cp = SeparateJvmTest.runtimeClasspath();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", classes.toString(), source.toString());
        assertEquals(0, rc, "javac compiles the example against the jit classpath alone");

        ScriptModule module = Jit.compile(ScriptedFixtureSource.SOURCE).newModule("Gate2", 2, 3);
        module.eval();
        Path model = dir.resolve("model.jbm");
        Jit.save(module, model);
        Tensor x = Tensors.tensor(new float[][] {{0.5f, -1.0f}});
        float[] expected = module.forward(x).toFloatArray();

        List<String> cmd = SeparateJvmTest.javaCommand(classes + java.io.File.pathSeparator + cp);
        cmd.addAll(List.of("ServeModel", model.toString(), "0.5", "-1.0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        String lastLine = out.strip().lines().reduce((a, b) -> b).orElse("");
        List<String> want = new ArrayList<>();
        for (float f : expected) want.add(Float.toString(f));
        assertEquals("[" + String.join(", ", want) + "]", lastLine, out);
    }

    /** A small module with a branch, defined in source so the test needs no compiled fixture. */
    static final class ScriptedFixtureSource {
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
