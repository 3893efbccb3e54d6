package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.cli.Cli;
import jitbook.jit.Jit;
import jitbook.ops.DType;
import jitbook.ops.NdArray;

/** One test per way a saved file can be bad; each refusal names the file and the entry to blame. */
class RefusalTest {
    @TempDir
    Path dir;
    Path good;
    Path bad;

    @BeforeEach
    void save() throws Exception {
        good = dir.resolve("net.jbm");
        bad = dir.resolve("bad.jbm");
        Jit.save(Fixtures.scripted(), good);
    }

    static ModelFormatException refused(Path p) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Jit.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertEquals(p.toString(), e.file());
        return e;
    }

    static void assertMentions(ModelFormatException e, String... parts) {
        for (String part : parts) assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    @Test
    void aTruncatedFileNamesTheEntryWhereItIsCutShort() throws Exception {
        byte[] all = Files.readAllBytes(good);
        Files.write(bad, Arrays.copyOf(all, all.length * 6 / 10));
        ModelFormatException e = refused(bad);
        assertTrue(e.entry() != null, e.getMessage());
        assertMentions(e, "entry " + e.entry(), "truncated");
    }

    @Test
    void aFileCutJustBeforeItsZipDirectoryNamesTheLastEntryItHolds() throws Exception {
        byte[] all = Files.readAllBytes(good);
        int directory = indexOf(all, new byte[] {'P', 'K', 1, 2});
        Files.write(bad, Arrays.copyOf(all, directory));
        ModelFormatException e = refused(bad);
        assertEquals("tensors/fc.weight.npy", e.entry());
        assertMentions(e, "truncated");
    }

    @Test
    void aByteChangedOnDiskIsCaughtInTheEntryItChanged() throws Exception {
        byte[] all = Files.readAllBytes(good);
        byte[] weights = Surgery.open(good).entries.get("tensors/fc.weight.npy");
        int at = lastIndexOf(all, Arrays.copyOfRange(weights, weights.length - 16, weights.length));
        all[at + 3] ^= 0x40;
        Files.write(bad, all);
        ModelFormatException e = refused(bad);
        assertEquals("tensors/fc.weight.npy", e.entry());
        assertMentions(e, "damaged");
    }

    @Test
    void anEntryReplacedInAWellFormedZipFailsItsSha256() throws Exception {
        Surgery s = Surgery.open(good);
        s.put("tensors/fc.bias.npy", Npy.write(new NdArray(DType.FLOAT32, new long[] {3}, new float[] {9, 9, 9})));
        s.write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("tensors/fc.bias.npy", e.entry());
        assertMentions(e, "SHA-256", "modified");
    }

    @Test
    void anEntryMissingFromTheArchiveIsNamed() throws Exception {
        Surgery.open(good).remove("tensors/fc.weight.npy").write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("tensors/fc.weight.npy", e.entry());
        assertMentions(e, "missing");
    }

    @Test
    void anEntryMissingFromArchiveAndManifestAlikeIsNamedWhenTheModelNeedsIt() throws Exception {
        Surgery.open(good).remove("code/fc.forward.ir").rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("code/fc.forward.ir", e.entry());
        assertMentions(e, "missing");
    }

    @Test
    void anUnknownOpIsRefusedNamingTheOpTheMethodAndTheEntry() throws Exception {
        Surgery s = Surgery.open(good);
        s.put("code/forward.ir", s.text("code/forward.ir").replace("tensor::tanh", "tensor::tanhh")).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("code/forward.ir", e.entry());
        assertMentions(e, "unknown op tensor::tanhh", "Net.forward", "did you mean tensor::tanh");
    }

    @Test
    void anUnknownPrimitiveIsRefusedToo() throws Exception {
        Surgery s = Surgery.open(good);
        s.put("code/fc.forward.ir", s.text("code/fc.forward.ir").replace("tensor::linear", "prim::Exec")).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("code/fc.forward.ir", e.entry());
        assertMentions(e, "unknown op prim::Exec", "Linear.forward");
    }

    @Test
    void aParameterOfTheWrongShapeIsRefusedAgainstTheIr() throws Exception {
        Surgery s = Surgery.open(good);
        s.put("tensors/fc.weight.npy", Npy.write(new NdArray(DType.FLOAT32, new long[] {3, 4}, new float[12])));
        s.editManifest(m -> {
            var fc = m.getAsJsonObject("root").getAsJsonArray("attributes").get(0).getAsJsonObject().getAsJsonObject("module");
            var w = fc.getAsJsonArray("attributes").get(0).getAsJsonObject();
            var shape = new com.google.gson.JsonArray();
            shape.add(3);
            shape.add(4);
            w.add("shape", shape);
            return m;
        }).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("tensors/fc.weight.npy", e.entry());
        assertMentions(e, "fc.weight is stored as Float(3, 4)", "reads it as Float(3, 3)");
    }

    @Test
    void aParameterWhoseShapeDisagreesWithTheManifestIsRefused() throws Exception {
        Surgery s = Surgery.open(good);
        s.put("tensors/fc.bias.npy", Npy.write(new NdArray(DType.FLOAT32, new long[] {4}, new float[4]))).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("tensors/fc.bias.npy", e.entry());
        assertMentions(e, "fc.bias is stored as Float(4) but the manifest records Float(3)");
    }

    @Test
    void aNewerFormatVersionIsRefusedWithBothVersions() throws Exception {
        Surgery.open(good).editManifest(m -> {
            m.addProperty("format_version", "2.0");
            return m;
        }).write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("manifest.json", e.entry());
        assertMentions(e, "this file was written by a newer Jitbook (format 2); this runtime reads up to 1");
    }

    @Test
    void aNewerMinorVersionOfTheSameFormatStillLoads() throws Exception {
        Surgery.open(good).editManifest(m -> {
            m.addProperty("format_version", "1.7");
            m.addProperty("a_field_from_the_future", true);
            return m;
        }).write(bad);
        assertEquals("Net", Jit.load(bad).className());
    }

    @Test
    void aNewerOpSetIsRefused() throws Exception {
        Surgery.open(good).editManifest(m -> {
            m.addProperty("opset_version", jitbook.ops.OpRegistry.OPSET_VERSION + 1);
            return m;
        }).write(bad);
        assertMentions(refused(bad), "op set " + (jitbook.ops.OpRegistry.OPSET_VERSION + 1), "newer");
    }

    @Test
    void anEntryPathOutsideTheArchiveIsRefused() throws Exception {
        for (String evil : new String[] {"../evil.sh", "code/../../evil.sh", "/etc/cron.d/evil", "C:\\evil.bat"}) {
            Surgery.open(good).put(evil, "echo pwned").write(bad);
            ModelFormatException e = refused(bad);
            assertEquals(evil, e.entry());
            assertMentions(e, "points outside the archive");
        }
    }

    @Test
    void anEntryTheManifestDoesNotListIsRefused() throws Exception {
        Surgery.open(good).put("code/Payload.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}).write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("code/Payload.class", e.entry());
        assertMentions(e, "not listed in the manifest");
    }

    @Test
    void aFileThatIsNotAZipIsRefused() throws Exception {
        Files.writeString(bad, "graph(%x : Tensor):\n  return (%x)\n");
        assertMentions(refused(bad), "not a zip archive");
    }

    @Test
    void aManifestThatIsNotJsonIsRefused() throws Exception {
        Surgery.open(good).put("manifest.json", "{\"format\": \"jitbook-model\", oops").write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("manifest.json", e.entry());
        assertMentions(e, "not valid JSON");
    }

    @Test
    void irThatDoesNotParseIsRefusedWithLineAndColumn() throws Exception {
        Surgery s = Surgery.open(good);
        s.put("code/forward.ir", s.text("code/forward.ir").replace("return (%r)", "return (%nowhere)")).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("code/forward.ir", e.entry());
        assertMentions(e, "does not parse", "%nowhere", "line ");
    }

    @Test
    void theCommandLineReportsARefusalInOneLineWithStatusOne() throws Exception {
        Surgery.open(good).remove("tensors/fc.weight.npy").write(bad);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Cli.run(new String[] {"info", bad.toString()}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, "UTF-8"));
        assertEquals(1, code);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.startsWith("error: " + bad + ", entry tensors/fc.weight.npy: ") && !msg.contains("\tat "), msg);
    }

    /** Loading reads bytes, JSON, IR text and .npy only: no Java deserialization, no class loading, no scripting. */
    @Test
    void theLoaderNeverDeserializesOrLoadsCode() throws Exception {
        Path classes = Path.of(Archive.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("jitbook/io");
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String forbidden : new String[] {"java/io/ObjectInputStream", "readObject", "forName", "defineClass",
                        "javax/script", "URLClassLoader", "javax/tools"}) {
                    assertFalse(bytes.contains(forbidden), f.getFileName() + " refers to " + forbidden);
                }
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
