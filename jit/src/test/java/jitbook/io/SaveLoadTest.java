package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.cli.Cli;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class SaveLoadTest {
    @TempDir
    Path dir;

    @Test
    void aScriptedModuleWithControlFlowSubmodulesAndTrainedWeightsComesBackWhole() throws Exception {
        ScriptModule net = Fixtures.scripted();
        Path p = dir.resolve("net.jbm");
        Jit.save(net, p);
        ScriptModule back = Jit.load(p);

        for (Tensor x : List.of(Fixtures.positive(), Fixtures.negative())) {
            assertArrayEquals(net.forward(x).toFloatArray(), back.forward(x).toFloatArray());
        }
        assertNotEquals(net.forward(Fixtures.positive()).toFloatArray()[0], net.forward(Fixtures.negative()).toFloatArray()[0]);
        assertEquals("Net", back.className());
        assertFalse(back.isTraining());
        assertEquals(3, back.attribute("steps"));
        assertEquals(0.5, back.attribute("scale"));
        assertEquals(List.of("neg", "pos"), back.attribute("labels"));
        ScriptModule fc = (ScriptModule) back.attribute("fc");
        assertEquals("Linear", fc.className());
        Tensor w = (Tensor) fc.attribute("weight");
        assertArrayEquals(((Tensor) ((ScriptModule) net.attribute("fc")).attribute("weight")).toFloatArray(), w.toFloatArray());
        assertFalse(w.requiresGrad(), "loaded for inference by default");
        assertEquals(List.of(), new ArrayList<>(back.namedParameters().keySet()));
        ScriptModule forTraining = Jit.load(p, LoadOptions.training());
        assertTrue(((Tensor) ((ScriptModule) forTraining.attribute("fc")).attribute("weight")).requiresGrad());
        assertEquals(List.of("fc.weight", "fc.bias"), new ArrayList<>(forTraining.namedParameters().keySet()));
        assertEquals(net.graph().toString(), back.graph().toString());
        assertEquals(Fixtures.SOURCE, back.source());
    }

    @Test
    void aModuleCompiledByTheScriptCompilerComesBackWhole() throws Exception {
        ScriptModule sm = ScriptedFixture.scripted();
        String ir = sm.graph().toString();
        assertTrue(ir.contains("prim::If") && ir.contains("prim::Loop"), ir);
        Path p = dir.resolve("gated.jbm");
        Jit.save(sm, p);
        ScriptModule back = Jit.load(p, LoadOptions.training());
        List<float[]> outs = new ArrayList<>();
        for (Tensor x : ScriptedFixture.inputs()) {
            float[] want = sm.forward(x).toFloatArray();
            assertArrayEquals(want, back.forward(x).toFloatArray());
            outs.add(want);
        }
        assertNotEquals(outs.get(0)[0], outs.get(1)[0]);
        assertEquals(sm.namedParameters().keySet(), back.namedParameters().keySet());
        for (String name : sm.methodNames()) assertEquals(sm.methodGraph(name).toString(), back.methodGraph(name).toString());
    }

    @Test
    void aTracedModuleComesBackWithItsParametersAsAttributes() throws Exception {
        ScriptModule traced = Fixtures.traced();
        Path p = dir.resolve("mlp.jbm");
        Jit.save(traced, p);
        ScriptModule back = Jit.load(p, LoadOptions.training());
        Tensor x = Tensors.tensor(new float[][] {{0.5f, -1f, 2f}});
        assertArrayEquals(traced.forward(x).toFloatArray(), back.forward(x).toFloatArray());
        assertEquals(traced.namedParameters().keySet(), back.namedParameters().keySet());
        assertEquals(traced.graph().toString(), back.graph().toString());
    }

    @Test
    void aSavedFunctionLoadsAsAModuleWhoseForwardIsTheFunction() throws Exception {
        Tensor c = Tensors.tensor(1f, 2f, 3f);
        ScriptFunction f = Jit.trace(a -> a.mul(2.0).add(c).tanh(), Tensors.tensor(0f, 0f, 0f));
        Path p = dir.resolve("f.jbm");
        Jit.save(f, p);
        assertEquals("function", ModelReader.load(p).kind());
        ScriptModule m = Jit.load(p);
        assertEquals(List.of("forward"), m.methodNames());
        Tensor x = Tensors.tensor(0.5f, -1f, 0.25f);
        assertArrayEquals(f.forward(x).toFloatArray(), m.forward(x).toFloatArray());
        assertTrue(m.graph().toString().startsWith("graph(%self : __jit__.traced, %"), m.graph().toString());
    }

    @Test
    void savingTwiceWritesIdenticalBytesAndSoDoesSavingWhatWasLoaded() throws Exception {
        Path a = dir.resolve("a.jbm");
        Path b = dir.resolve("b.jbm");
        Path c = dir.resolve("c.jbm");
        SaveOptions opts = SaveOptions.defaults().extraFile("notes.txt", "trained on Tuesday");
        Jit.save(Fixtures.scripted(), a, opts);
        Jit.save(Fixtures.scripted(), b, opts);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        // Loaded for training: with the training flags and requires_grad marks the file holds.
        Map<String, byte[]> extras = ModelReader.load(a).extraFiles();
        Jit.save(Jit.load(a, LoadOptions.training()), c, SaveOptions.defaults().extraFiles(extras));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c));

        Jit.save(Fixtures.traced(), a);
        Jit.save(Fixtures.traced(), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void theArchiveHoldsTheManifestFirstThenSortedStoredEntriesWithFixedTimes() throws Exception {
        Path p = dir.resolve("net.jbm");
        Jit.save(Fixtures.scripted(), p, SaveOptions.defaults().extraFile("notes.txt", "hello"));
        List<String> names = new ArrayList<>();
        try (ZipFile zf = new ZipFile(p.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod());
                assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0), e.getTimeLocal());
            }
            String ir = new String(zf.getInputStream(zf.getEntry("code/forward.ir")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ir.contains("prim::Constant[value=@forward.0]()"), ir);
        }
        assertEquals(List.of("manifest.json", "code/fc.forward.ir", "code/forward.ir", "constants/forward.0.npy", "extra/notes.txt",
                "source.java", "tensors/fc.bias.npy", "tensors/fc.weight.npy"), names);
    }

    @Test
    void extraFilesAndTheSourceComeBackOnLoad() throws Exception {
        Path p = dir.resolve("net.jbm");
        byte[] config = {0, 1, 2, (byte) 255};
        Jit.save(Fixtures.scripted(), p, SaveOptions.defaults().extraFile("meta/config.bin", config).extraFile("notes.txt", "v1")
                .source("// shown, never compiled"));
        Map<String, byte[]> extras = new HashMap<>();
        Jit.load(p, extras);
        assertArrayEquals(config, extras.get("meta/config.bin"));
        assertEquals("v1", new String(extras.get("notes.txt"), StandardCharsets.UTF_8));
        assertEquals("// shown, never compiled", ModelReader.load(p).source());
    }

    @Test
    void oneTensorHeldByTwoAttributesIsStoredOnceAndSharedAfterLoad() throws Exception {
        ScriptModule net = Fixtures.scripted();
        ScriptModule fc = (ScriptModule) net.attribute("fc");
        net.register("tied", fc.attribute("weight"));
        Path p = dir.resolve("tied.jbm");
        Jit.save(net, p);
        ScriptModule back = Jit.load(p);
        assertSame(back.attribute("tied"), ((ScriptModule) back.attribute("fc")).attribute("weight"));
        try (ZipFile zf = new ZipFile(p.toFile())) {
            assertTrue(zf.getEntry("tensors/tied.npy") == null);
        }
    }

    @Test
    void theCommandLinePrintsInfoAndRunsTheModel() throws Exception {
        Path p = dir.resolve("net.jbm");
        Jit.save(Fixtures.scripted(), p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"info", p.toString()}, new PrintStream(out, true, "UTF-8"), new PrintStream(err, true, "UTF-8"));
        String info = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(info.contains("forward(x : Float(2, 3)) -> (Tensor)"), info);
        assertTrue(info.contains("fc.forward(x : Tensor) -> (Tensor)"), info);
        assertTrue(info.matches("(?s).*fc\\.weight\\s+Float\\(3, 3\\)\\s+requires_grad.*"), info);
        assertTrue(info.contains("prim::Loop"), info);

        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        Files.write(x, Npy.write(Fixtures.negative().array()));
        code = Cli.run(new String[] {"run", p.toString(), "--input", x.toString(), "--output", y.toString()},
                new PrintStream(out, true, "UTF-8"), new PrintStream(err, true, "UTF-8"));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        NdArray got = Npy.read(Files.readAllBytes(y), y.toString(), null);
        assertArrayEquals(Fixtures.scripted().forward(Fixtures.negative()).toFloatArray(), got.floats(), 1e-6f);
    }

    @Test
    void theCommandLineExplainsAWrongInput() throws Exception {
        Path p = dir.resolve("net.jbm");
        Jit.save(Fixtures.scripted(), p);
        Path x = dir.resolve("x64.npy");
        Files.write(x, Npy.write(Fixtures.negative().array().to(jitbook.ops.DType.FLOAT64)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"run", p.toString(), "--input", x.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, "UTF-8"));
        assertEquals(1, code);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("needs Float (<f4)") && msg.contains("x64.npy"), msg);
        code = Cli.run(new String[] {"run", p.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, "UTF-8"));
        assertEquals(2, code);
    }
}
