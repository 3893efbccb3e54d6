package jitbook.io;

import static jitbook.io.RefusalTest.assertMentions;
import static jitbook.io.RefusalTest.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.cli.Cli;
import jitbook.ir.Verifier;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;

/**
 * Files made by someone trying to break a service that loads models: each test crafts the exact
 * file (a zip bomb, a disguised absolute path, IR nested 5,000 deep, types, constants, attribute
 * values and modules nested 5,000-10,000 deep, a constant of 10^10 floats, a 1 GB manifest, type
 * annotations that lie) and checks it is refused with a
 * {@link ModelFormatException} naming the file and the entry, in one line from the command line.
 */
class HostileFilesTest {
    /** 1,365 MiB: the 1.43 GB of zeros. */
    private static final int BOMB_MIB = 1365;

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

    /** Lists {@code extra/NAME} in the manifest as the only extra file, with the given size and hash. */
    private static JsonObject listExtra(JsonObject m, String name, long size, String sha) {
        JsonArray extras = new JsonArray();
        extras.add(name);
        m.add("extra_files", extras);
        JsonObject info = new JsonObject();
        info.addProperty("size", size);
        info.addProperty("sha256", sha);
        m.getAsJsonObject("entries").add("extra/" + name, info);
        return m;
    }

    /** Saves the good model with its forward IR edited, and returns the refusal, which must name that entry. */
    private ModelFormatException refusedWithForward(UnaryOperator<String> edit) throws Exception {
        Surgery s = Surgery.open(good);
        s.put("code/forward.ir", edit.apply(s.text("code/forward.ir"))).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("code/forward.ir", e.entry());
        return e;
    }

    /** The good model plus extra/zeros.bin: 1.43 GB of zeros, deflated, listed with its true size and SHA-256. */
    private Path zipBomb() throws Exception {
        long size = (long) BOMB_MIB << 20;
        String sha = CraftedZip.sha256OfZeros(BOMB_MIB);
        Surgery s = Surgery.open(good).editManifest(m -> listExtra(m, "zeros.bin", size, sha));
        CraftedZip.of(s.entries).add(CraftedZip.run("extra/zeros.bin", new byte[0], (byte) 0, BOMB_MIB, new byte[0])).write(bad);
        assertTrue(Files.size(bad) < 1_600_000, "a 1.4 MB file: " + Files.size(bad));
        return bad;
    }

    @Test
    void aZipBombIsRefusedBeforeItIsInflated() throws Exception {
        ModelFormatException e = refused(zipBomb());
        assertEquals("extra/zeros.bin", e.entry());
        assertMentions(e, "inflates from", "to 1431306240 bytes", "zip bomb", "LoadOptions.maxCompressionRatio");
    }

    @Test
    void theTotalInflatedSizeIsCappedAndTheCapIsConfigurable() throws Exception {
        zipBomb();
        LoadOptions permissive = LoadOptions.inference().maxCompressionRatio(1e9).maxTotalBytes(256L << 20);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Jit.load(bad, permissive));
        assertEquals("extra/zeros.bin", e.entry());
        assertMentions(e, "over the limit of 268435456 bytes (LoadOptions.maxTotalBytes)");

        e = assertThrows(ModelFormatException.class, () -> Jit.load(good, LoadOptions.inference().maxTotalBytes(1000)));
        assertMentions(e, "over the limit of 1000 bytes");
        assertEquals("Net", Jit.load(good).className());
    }

    /** The directory and the manifest both say 1,000 bytes; the data inflates to 64 MiB. Only 1,001 bytes are read. */
    @Test
    void anEntryThatInflatesPastItsDeclaredSizeIsCutOff() throws Exception {
        Surgery s = Surgery.open(good).editManifest(m -> listExtra(m, "notes.txt", 1000, "00".repeat(32)));
        CraftedZip.of(s.entries).add(CraftedZip.run("extra/notes.txt", new byte[0], (byte) 'a', 64, new byte[0]).declaring(1000)).write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("extra/notes.txt", e.entry());
        assertMentions(e, "larger than its recorded size (1000 bytes)");
    }

    @Test
    void anExtraFileNameWithAnEmptySegmentIsRefused() throws Exception {
        byte[] data = "* * * * * root rm -rf /".getBytes(StandardCharsets.UTF_8);
        Surgery.open(good).put("extra//etc/cron.d/evil", data)
                .editManifest(m -> listExtra(m, "/etc/cron.d/evil", data.length, Archive.sha256(data))).write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("extra//etc/cron.d/evil", e.entry());
        assertMentions(e, "empty path segment");
        Map<String, byte[]> extras = new HashMap<>();
        assertThrows(ModelFormatException.class, () -> Jit.load(bad, extras));
        assertTrue(extras.isEmpty());
    }

    /** Net.forward as {@code depth} prim::If nested in each other's first block, written without indentation. */
    private static String nestedIfs(int depth) {
        StringBuilder ir = new StringBuilder("graph(%self : __jit__.Net, %x : Float(2, 3)):\n%c : bool = prim::Constant[value=1]()\n");
        for (int i = 0; i < depth; i++) ir.append("%r").append(i).append(" : Tensor = prim::If(%c)\nblock0():\n");
        for (int i = depth - 1; i >= 0; i--) {
            ir.append("-> (").append(i == depth - 1 ? "%x" : "%r" + (i + 1)).append(")\nblock1():\n-> (%x)\n");
        }
        return ir.append("return (%r0)\n").toString();
    }

    @Test
    void irNestedFiveThousandDeepIsRefusedWithoutExhaustingTheStack() throws Exception {
        String ir = nestedIfs(5000);
        assertTrue(ir.length() > 350_000 && ir.length() < 450_000, "the issue's 394 KB: " + ir.length());
        Surgery.open(good).put("code/forward.ir", ir).rehash().write(bad);
        ModelFormatException e = refused(bad);
        assertEquals("code/forward.ir", e.entry());
        assertMentions(e, "nested more than " + Verifier.MAX_BLOCK_NESTING + " deep");
        assertOneLineFromTheCommandLine(bad, "code/forward.ir");
    }

    /** The nesting limit leaves room: a graph at the limit loads and runs on a thread with a default-sized stack. */
    @Test
    void irNestedAtTheLimitLoadsAndRunsOnAnOrdinaryThread() throws Exception {
        Surgery.open(good).put("code/forward.ir", nestedIfs(Verifier.MAX_BLOCK_NESTING)).rehash().write(bad);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                ScriptModule m = Jit.load(bad);
                result.set(m.forward(Fixtures.positive()).toFloatArray());
            } catch (Throwable ex) {
                result.set(ex);
            }
        }, "service-thread", 1 << 20);
        t.start();
        t.join();
        if (result.get() instanceof Throwable) throw new AssertionError("failed at the nesting limit", (Throwable) result.get());
        assertArrayEquals(Fixtures.positive().toFloatArray(), (float[]) result.get());
    }

    @Test
    void aConstantOfTenBillionElementsIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(ir -> ir.replaceFirst("\n", "\n  %big : Tensor = prim::Constant[value=Float(100000, 100000){}]()\n"));
        assertMentions(e, "does not parse", "Float(100000, 100000)", "more than 2^31-1 elements");
        assertOneLineFromTheCommandLine(bad, "code/forward.ir");
    }

    @Test
    void aOneGigabyteManifestIsRefusedForWhatItIs() throws Exception {
        Surgery s = Surgery.open(good);
        String manifest = s.text(Archive.MANIFEST).strip();
        byte[] head = manifest.substring(0, manifest.length() - 1).getBytes(StandardCharsets.UTF_8);
        byte[] tail = "}".getBytes(StandardCharsets.UTF_8);
        for (boolean lying : new boolean[] {false, true}) {
            CraftedZip z = new CraftedZip();
            CraftedZip.Entry big = CraftedZip.run(Archive.MANIFEST, head, (byte) ' ', 1024, tail);
            z.add(lying ? big.declaring(head.length + 1) : big);
            s.entries.forEach((name, data) -> {
                if (!name.equals(Archive.MANIFEST)) z.add(CraftedZip.stored(name, data));
            });
            z.write(bad);
            assertTrue(Files.size(bad) < 1_200_000, "a 1 MB file: " + Files.size(bad));
            ModelFormatException e = refused(bad);
            assertEquals(Archive.MANIFEST, e.entry());
            assertMentions(e, lying ? "is more than 67108864 bytes" : "is " + big.size + " bytes", "at most 64 MiB");
        }
        assertOneLineFromTheCommandLine(bad, Archive.MANIFEST);
    }

    @Test
    void anAttributeReadAsTheWrongKindIsRefused() throws Exception {
        // An extra read nobody uses, so only the attribute check can notice it.
        ModelFormatException e = refusedWithForward(ir -> ir.replace("prim::GetAttr[name=\"fc\"](%self)\n",
                "prim::GetAttr[name=\"fc\"](%self)\n  %w2 : int = prim::GetAttr[name=\"weight\"](%fc)\n"));
        assertMentions(e, "reads attribute 'weight' of Linear as int, but the file holds a tensor Float(3, 3)");
        assertMentions(refusedWithForward(ir -> ir.replace("%w : Float(3, 3) = prim::GetAttr", "%w : int = prim::GetAttr")), "%w : int");
    }

    @Test
    void anIfOnAManyElementTensorIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(ir -> ir.replace("prim::If(%pos)", "prim::If(%x)"));
        assertMentions(e, "the condition of prim::If must be a bool (or a one-element tensor), but %x is Float(2, 3)");
    }

    @Test
    void aConstantWhoseValueIsNotOfItsDeclaredTypeIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(ir -> ir.replace("%zero : double = prim::Constant[value=0.0]",
                "%zero : Tensor = prim::Constant[value=0.0]"));
        assertMentions(e, "%zero is declared Tensor but the constant is the number 0.0");
        assertOneLineFromTheCommandLine(bad, "code/forward.ir");
    }

    /** Net.forward with {@code line} added before its attribute read of steps (a statement nobody uses). */
    private static String withLine(String ir, String line) {
        String anchor = "  %n : int = prim::GetAttr[name=\"steps\"](%self)\n";
        assertTrue(ir.contains(anchor), ir);
        return ir.replace(anchor, "  " + line + "\n" + anchor);
    }

    @Test
    void typesNestedTenThousandDeepAreRefusedWithoutExhaustingTheStack() throws Exception {
        String list = "List[".repeat(10_000) + "int" + "]".repeat(10_000);
        String tuple = "(".repeat(10_000) + "int" + ")".repeat(10_000);
        for (String type : new String[] {list, tuple}) {
            ModelFormatException e = refusedWithForward(ir -> withLine(ir, "%u : " + type + " = prim::Uninitialized()"));
            assertMentions(e, "does not parse", "types are nested more than " + jitbook.ir.Type.MAX_NESTING + " deep");
            assertOneLineFromTheCommandLine(bad, "code/forward.ir");
        }
        // Optional[Optional[T]] is Optional[T]: a hundred thousand '?' are one.
        assertEquals("int?", jitbook.ir.IrParser.parseType("int" + "?".repeat(100_000)).print());
        String atTheLimit = "List[".repeat(jitbook.ir.Type.MAX_NESTING) + "int" + "]".repeat(jitbook.ir.Type.MAX_NESTING);
        assertEquals(atTheLimit, jitbook.ir.IrParser.parseType(atTheLimit).print());
    }

    @Test
    void aConstantListNestedTenThousandDeepIsRefused() throws Exception {
        ModelFormatException e = refusedWithForward(ir -> withLine(ir,
                "%u : Any = prim::Constant[value=" + "[".repeat(10_000) + "1" + "]".repeat(10_000) + "]()"));
        assertMentions(e, "does not parse", "constant lists are nested more than " + jitbook.ir.Type.MAX_NESTING + " deep");
        assertOneLineFromTheCommandLine(bad, "code/forward.ir");
    }

    /** Net's manifest with one more root attribute, written into the JSON text as given (the manifest is read, not built, by Gson). */
    private void withRootAttribute(String json) throws Exception {
        Surgery s = Surgery.open(good);
        String manifest = s.text(Archive.MANIFEST);
        int at = manifest.indexOf("\"attributes\": [") + "\"attributes\": [".length();
        s.put(Archive.MANIFEST, manifest.substring(0, at) + json + "," + manifest.substring(at)).write(bad);
    }

    @Test
    void anAttributeValueNestedTenThousandDeepIsRefused() throws Exception {
        String value = "{\"type\": \"list\", \"items\": [".repeat(10_000) + "{\"type\": \"int\", \"value\": 1}" + "]}".repeat(10_000);
        withRootAttribute("{\"name\": \"deep\", \"kind\": \"value\", \"value\": " + value + "}");
        ModelFormatException e = refused(bad);
        assertEquals(Archive.MANIFEST, e.entry());
        assertMentions(e, "nests lists and tuples more than " + jitbook.ir.Type.MAX_NESTING + " deep");
        assertOneLineFromTheCommandLine(bad, Archive.MANIFEST);
    }

    @Test
    void modulesNestedFiveThousandDeepAreRefused() throws Exception {
        String open = "{\"name\": \"m\", \"kind\": \"module\", \"module\": {\"class\": \"M\", \"training\": false, \"methods\": [], \"attributes\": [";
        withRootAttribute(open.repeat(5_000) + "]}}".repeat(5_000));
        ModelFormatException e = refused(bad);
        assertEquals(Archive.MANIFEST, e.entry());
        assertMentions(e, "nests modules more than " + jitbook.ir.Type.MAX_NESTING + " deep");
        assertOneLineFromTheCommandLine(bad, Archive.MANIFEST);
    }

    @Test
    void anAttributeNameWithANewlineIsRefusedInOneLine() throws Exception {
        withRootAttribute("{\"name\": \"a\\nb\", \"kind\": \"value\", \"value\": {\"type\": \"int\", \"value\": 1}}");
        ModelFormatException e = refused(bad);
        assertEquals(Archive.MANIFEST, e.entry());
        assertMentions(e, "is an attribute name with a control character (U+000A at 1): 'a\\nb'");
        assertOneLineFromTheCommandLine(bad, Archive.MANIFEST);
    }

    @Test
    void aMegabyteClassNameIsRefusedWithoutQuotingItWhole() throws Exception {
        String huge = randomLetters(1 << 20); // random, or the manifest would be refused as a zip bomb first
        Surgery.open(good).editManifest(manifest -> {
            manifest.getAsJsonObject("root").addProperty("class", huge);
            return manifest;
        }).write(bad);
        ModelFormatException e = refused(bad);
        assertEquals(Archive.MANIFEST, e.entry());
        assertMentions(e, "is a class name of 1048576 characters (at most " + ModelReader.MAX_NAME + ")");
        assertTrue(e.getMessage().length() < 500, e.getMessage().length() + " characters");
        assertOneLineFromTheCommandLine(bad, Archive.MANIFEST);
    }

    /** Whatever a file's strings hold, a refusal quoting them is one line of bounded length: here an attribute kind of a megabyte starting with a newline and a terminal escape. */
    @Test
    void aRefusalQuotingAHostileStringIsOneBoundedLine() throws Exception {
        String kind = "x\\n\\u001b[2J" + randomLetters(1 << 20);
        withRootAttribute("{\"name\": \"k\", \"kind\": \"" + kind + "\"}");
        ModelFormatException e = refused(bad);
        assertMentions(e, "must be tensor, module or value, found \"x\\n\\u001b[2J", "more characters left out)");
        assertTrue(e.getMessage().length() < bad.toString().length() + ModelFormatException.MAX_MESSAGE + 100, e.getMessage().length() + " characters");
        assertEquals(1, e.getMessage().lines().count());
        assertOneLineFromTheCommandLine(bad, Archive.MANIFEST);
    }

    private static String randomLetters(int n) {
        java.util.Random r = new java.util.Random(23);
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = (char) ('a' + r.nextInt(26));
        return new String(c);
    }

    /** {@code info} and {@code run} both print exactly one line, naming file and entry, and exit with 1. */
    static void assertOneLineFromTheCommandLine(Path file, String entry) throws Exception {
        for (String command : new String[] {"info", "run"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Cli.run(new String[] {command, file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, "UTF-8"));
            String msg = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, msg);
            assertEquals(1, msg.lines().count(), msg);
            assertTrue(msg.startsWith("error: " + file + ", entry " + entry + ": "), msg);
        }
    }
}
