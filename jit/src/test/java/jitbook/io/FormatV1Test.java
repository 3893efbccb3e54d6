package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;

/**
 * Files written by format 1.0 keep loading: {@code src/test/resources/io/v1/} holds a model saved
 * by the first version of the saver (the scripted fixture, with a source and an extra file), the
 * inputs for both branches and the outputs it gave then. Never regenerate these files to make
 * this test pass; a later format that cannot read them has broken every model saved so far.
 */
class FormatV1Test {
    private static final String DIR = "/io/v1/";

    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = FormatV1Test.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IOException("missing test resource " + DIR + name);
            Files.copy(in, p);
        }
        return p;
    }

    private NdArray npy(String name) throws IOException {
        return Npy.read(Files.readAllBytes(resource(name)), name, null);
    }

    @Test
    void aModelSavedByFormatOneZeroStillLoadsAndGivesTheSameOutputs() throws Exception {
        Map<String, byte[]> extras = new HashMap<>();
        ScriptModule m = Jit.load(resource("net.jbm"), extras);
        assertEquals("Net", m.className());
        assertEquals("saved by format 1.0", new String(extras.get("notes.txt"), StandardCharsets.UTF_8));
        assertEquals(Fixtures.SOURCE, m.source());
        for (String branch : new String[] {"pos", "neg"}) {
            Tensor y = m.forward(Tensor.fromArray(npy("x_" + branch + ".npy")));
            assertArrayEquals(npy("y_" + branch + ".npy").floats(), y.toFloatArray(), 1e-5f, branch);
        }
    }

    @Test
    void itLoadsFromAStreamToo() throws Exception {
        try (InputStream in = FormatV1Test.class.getResourceAsStream(DIR + "net.jbm")) {
            LoadedModel m = ModelReader.load(in, "classpath:" + DIR + "net.jbm");
            assertEquals("Net", m.module().className());
            assertEquals("1.0", m.formatVersion());
        }
    }

    /** Writes the golden files; run once, by hand, when a format version is first released. */
    @Test
    @EnabledIfSystemProperty(named = "jitbook.io.writeGolden", matches = "true")
    void writeGoldenFiles() throws Exception {
        Path out = Path.of("src/test/resources" + DIR);
        Files.createDirectories(out);
        ScriptModule net = Fixtures.scripted();
        Jit.save(net, out.resolve("net.jbm"), SaveOptions.defaults().extraFile("notes.txt", "saved by format 1.0"));
        Files.write(out.resolve("x_pos.npy"), Npy.write(Fixtures.positive().array()));
        Files.write(out.resolve("x_neg.npy"), Npy.write(Fixtures.negative().array()));
        Files.write(out.resolve("y_pos.npy"), Npy.write(net.forward(Fixtures.positive()).array()));
        Files.write(out.resolve("y_neg.npy"), Npy.write(net.forward(Fixtures.negative()).array()));
    }
}
