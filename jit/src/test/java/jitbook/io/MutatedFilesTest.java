package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Saved files damaged the ways disks, downloads and attackers damage them: random bytes changed,
 * the file cut at any length, garbage appended or prepended, entries removed, renamed, duplicated
 * or given names that point outside the archive. Every load either fails with a
 * {@link ModelFormatException} that names the file (and the entry, where one is to blame) as
 * {@code jitbook.io}'s package documentation promises, or, when the damage missed every byte the
 * loader checks (a zip timestamp, say), returns a module that computes exactly what the original
 * does. Nothing else may escape: no ZipException, IOException, NullPointerException,
 * IndexOutOfBoundsException, and never a silently different model.
 *
 * <p>The default run is short (a few hundred mutants per kind, seconds);
 * {@code -Djitbook.fuzz.iterations=N} sets the number of random mutants per kind and
 * {@code -Djitbook.soak=true} (used by {@code ./test.sh --long}) also tries every truncation length.
 */
class MutatedFilesTest {
    private static final boolean SOAK = Boolean.getBoolean("jitbook.soak");
    private static final int ITERATIONS = Integer.getInteger("jitbook.fuzz.iterations", 200);

    @TempDir
    Path dir;

    /** The three shapes of saved file: a module with control flow and a submodule, a traced module, a function. */
    private final Map<String, Original> originals = new LinkedHashMap<>();

    /** A saved file, its bytes, and what it computes on fixed inputs. */
    private record Original(String name, Path path, byte[] bytes, List<Tensor> inputs, List<float[]> outputs) {
        List<float[]> run(Path p) throws Exception {
            List<float[]> out = new ArrayList<>();
            ScriptModule m = Jit.load(p);
            for (Tensor x : inputs) out.add(m.forward(x).toFloatArray());
            return out;
        }
    }

    @BeforeEach
    void save() throws Exception {
        add("scripted", Fixtures.scripted(), List.of(Fixtures.positive(), Fixtures.negative()));
        add("traced", Fixtures.traced(), List.of(Tensors.tensor(new float[][] {{1f, -2f, 3f}}), Tensors.tensor(new float[][] {{0.5f, 0f, -1f}})));
        Tensor w = Tensors.tensor(0.5f, -1f, 2f);
        ScriptFunction f = Jit.trace(x -> x.mul(w).tanh().add(x), Tensors.tensor(1f, 2f, 3f));
        Path fp = dir.resolve("function.jbm");
        Jit.save(f, fp);
        List<Tensor> fin = List.of(Tensors.tensor(1f, 2f, 3f), Tensors.tensor(-1f, 0f, 4f));
        List<float[]> fout = new ArrayList<>();
        for (Tensor x : fin) fout.add(f.forward(x).toFloatArray());
        originals.put("function", new Original("function", fp, Files.readAllBytes(fp), fin, fout));
    }

    private void add(String name, ScriptModule m, List<Tensor> inputs) throws Exception {
        Path p = dir.resolve(name + ".jbm");
        Jit.save(m, p);
        List<float[]> outs = new ArrayList<>();
        for (Tensor x : inputs) outs.add(m.forward(x).toFloatArray());
        originals.put(name, new Original(name, p, Files.readAllBytes(p), inputs, outs));
    }

    /** Tallies how mutants ended, printed so the log shows that the fuzz exercised both outcomes. */
    private final Map<String, Integer> outcomes = new TreeMap<>();

    /**
     * Loads {@code bytes} as a file: either refused with a well-formed ModelFormatException (returned),
     * or loaded, in which case it must compute what the original computes (null is returned).
     */
    private ModelFormatException loadMutant(Original o, byte[] bytes, String what) throws Exception {
        Path p = dir.resolve("mutant-" + o.name + ".jbm");
        Files.write(p, bytes);
        List<float[]> got;
        try {
            got = o.run(p);
        } catch (ModelFormatException e) {
            String msg = e.getMessage();
            assertEquals(p.toString(), e.file(), what + ": " + msg);
            // The message shows the entry with control characters escaped (a NUL as backslash-u0000); entry() gives it as it is.
            assertTrue(msg.startsWith(p + (e.entry() == null ? ": " : ", entry " + ModelFormatException.oneLine(e.entry()) + ": ")), what + ": " + msg);
            assertTrue(msg.length() > (p + ": ").length() + 10, what + ": the message says nothing: " + msg);
            outcomes.merge("refused", 1, Integer::sum);
            return e;
        } catch (Throwable t) {
            throw new AssertionError(what + " of " + o.name + " escaped as " + t.getClass().getName() + ", not ModelFormatException", t);
        }
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(o.outputs.get(i), got.get(i), what + " of " + o.name + " loaded but computes something else");
        }
        outcomes.merge("loaded unchanged", 1, Integer::sum);
        return null;
    }

    private void report(String test) {
        System.out.println(test + ": " + outcomes);
    }

    @Test
    void randomByteChangesAreRefusedOrHarmless() throws Exception {
        Random rnd = new Random(1301);
        for (Original o : originals.values()) {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] b = o.bytes.clone();
                int changes = i % 4 == 0 ? 1 + rnd.nextInt(8) : 1;
                StringBuilder what = new StringBuilder("bytes changed at");
                for (int c = 0; c < changes; c++) {
                    int at = rnd.nextInt(b.length);
                    int mask = i % 3 == 0 ? 1 << rnd.nextInt(8) : 1 + rnd.nextInt(255);
                    b[at] ^= (byte) mask;
                    what.append(' ').append(at).append("^").append(mask);
                }
                loadMutant(o, b, what.toString());
            }
        }
        report("byte changes");
        assertTrue(outcomes.getOrDefault("refused", 0) > originals.size() * ITERATIONS / 2, outcomes.toString());
    }

    @Test
    void aFileCutAtAnyLengthIsRefused() throws Exception {
        Random rnd = new Random(1302);
        for (Original o : originals.values()) {
            List<Integer> lengths = new ArrayList<>(List.of(0, 1, 2, 3, 4, 21, 22, 23, 29, 30, 31, o.bytes.length - 22,
                    o.bytes.length - 21, o.bytes.length - 1));
            if (SOAK) {
                for (int n = 0; n < o.bytes.length; n++) lengths.add(n);
            } else {
                for (int i = 0; i < ITERATIONS / 3; i++) lengths.add(rnd.nextInt(o.bytes.length));
            }
            for (int n : lengths) {
                ModelFormatException e = loadMutant(o, Arrays.copyOf(o.bytes, n), "cut to " + n + " bytes");
                assertNotNull(e, o.name + " cut to " + n + " of " + o.bytes.length + " bytes loaded");
                String msg = e.getMessage();
                assertTrue(msg.contains("truncated") || msg.contains("cut short") || msg.contains("damaged") || msg.contains("not a zip")
                        || msg.contains("missing"), "cut to " + n + ": " + msg);
            }
        }
        report("truncation");
    }

    @Test
    void garbageBeforeOrAfterTheArchiveIsRefusedOrHarmless() throws Exception {
        Random rnd = new Random(1303);
        for (Original o : originals.values()) {
            for (int i = 0; i < Math.max(20, ITERATIONS / 10); i++) {
                byte[] junk = new byte[1 + rnd.nextInt(i % 2 == 0 ? 64 : 4096)];
                rnd.nextBytes(junk);
                byte[] after = Arrays.copyOf(o.bytes, o.bytes.length + junk.length);
                System.arraycopy(junk, 0, after, o.bytes.length, junk.length);
                loadMutant(o, after, junk.length + " bytes appended");
                byte[] before = new byte[junk.length + o.bytes.length];
                System.arraycopy(junk, 0, before, 0, junk.length);
                System.arraycopy(o.bytes, 0, before, junk.length, o.bytes.length);
                loadMutant(o, before, junk.length + " bytes prepended");
            }
            // Another archive glued on: its directory is the one a zip reader finds.
            byte[] twice = Arrays.copyOf(o.bytes, o.bytes.length * 2);
            System.arraycopy(o.bytes, 0, twice, o.bytes.length, o.bytes.length);
            loadMutant(o, twice, "the archive twice");
        }
        report("garbage around");
    }

    @Test
    void everyEntryRemovedIsRefusedNamingIt() throws Exception {
        for (Original o : originals.values()) {
            for (String name : Surgery.open(o.path).entries.keySet()) {
                Surgery s = Surgery.open(o.path).remove(name);
                ModelFormatException e = refused(o, s, "removed " + name);
                assertEquals(name, e.entry(), e.getMessage());
                assertTrue(e.getMessage().contains("missing"), e.getMessage());
                if (name.equals(Archive.MANIFEST)) continue;
                // Removed from the manifest too, so only the model's own references can notice.
                // A constant is found through the IR's @reference to it, and the refusal names that IR entry.
                ModelFormatException e2 = refused(o, Surgery.open(o.path).remove(name).rehash(), "removed and unlisted " + name);
                String ref = name.startsWith(ModelReader.CONSTANTS) ? "@" + name.substring(ModelReader.CONSTANTS.length(), name.length() - 4) : null;
                if (ref != null) {
                    assertTrue(e2.entry().startsWith(ModelReader.CODE) && e2.getMessage().contains("unknown tensor reference " + ref), e2.getMessage());
                } else {
                    assertEquals(name, e2.entry(), e2.getMessage());
                    assertTrue(e2.getMessage().contains("missing"), e2.getMessage());
                }
            }
        }
    }

    @Test
    void everyEntryRenamedIsRefusedNamingTheOldOrTheNewName() throws Exception {
        String[] renames = {"%s.bak", "%s/", "X%s", "code/%s", "%s ", "%s\u00e9"};
        for (Original o : originals.values()) {
            for (String name : Surgery.open(o.path).entries.keySet()) {
                for (String pattern : renames) {
                    String to = String.format(pattern, name);
                    Surgery s = Surgery.open(o.path);
                    byte[] data = s.entries.remove(name);
                    s.put(to, data);
                    ModelFormatException e = refused(o, s, "renamed " + name + " to " + to);
                    assertTrue(name.equals(e.entry()) || to.equals(e.entry()), "renamed " + name + " to " + to + ": " + e.getMessage());
                }
            }
            // Two entries swapping names: sizes or hashes give it away.
            Surgery s = Surgery.open(o.path);
            List<String> names = new ArrayList<>(s.entries.keySet());
            names.remove(Archive.MANIFEST);
            for (int i = 0; i + 1 < names.size(); i++) {
                Surgery t = Surgery.open(o.path);
                byte[] a = t.entries.get(names.get(i));
                t.put(names.get(i), t.entries.get(names.get(i + 1)));
                t.put(names.get(i + 1), a);
                ModelFormatException e = refused(o, t, "swapped " + names.get(i) + " and " + names.get(i + 1));
                assertTrue(names.get(i).equals(e.entry()) || names.get(i + 1).equals(e.entry()), e.getMessage());
            }
        }
    }

    @Test
    void anEntryThatAppearsTwiceIsRefused() throws Exception {
        for (Original o : originals.values()) {
            for (String name : Surgery.open(o.path).entries.keySet()) {
                // ZipOutputStream will not write a duplicate name: write a same-length twin, then rename it in the bytes.
                String twin = name.substring(0, name.length() - 1) + (name.endsWith("#") ? "$" : "#");
                Surgery s = Surgery.open(o.path).put(twin, Surgery.open(o.path).entries.get(name));
                Path p = dir.resolve("twin.jbm");
                s.write(p);
                byte[] b = Files.readAllBytes(p);
                byte[] from = twin.getBytes(StandardCharsets.UTF_8);
                byte[] to = name.getBytes(StandardCharsets.UTF_8);
                int replaced = 0;
                for (int at = indexOf(b, from, 0); at >= 0; at = indexOf(b, from, at + 1)) {
                    System.arraycopy(to, 0, b, at, to.length);
                    replaced++;
                }
                assertEquals(2, replaced, "local and central header of " + twin);
                ModelFormatException e = loadMutant(o, b, "duplicated " + name);
                assertNotNull(e, "an archive with " + name + " twice loaded");
                assertEquals(name, e.entry(), e.getMessage());
                assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
            }
        }
    }

    /**
     * The zip directory's text is decoded lazily, while the entries are listed: a comment length
     * damaged so that the first entry's comment swallows the rest of the directory (binary, not
     * UTF-8) once escaped as an IllegalArgumentException (found by the long fuzz, as a one-byte change).
     */
    @Test
    void directoryTextThatIsNotUtf8IsRefused() throws Exception {
        for (Original o : originals.values()) {
            byte[] b = o.bytes.clone();
            int first = indexOf(b, new byte[] {'P', 'K', 1, 2}, 0);
            int end = lastIndexOf(b, new byte[] {'P', 'K', 5, 6});
            int nameAndExtra = (b[first + 28] & 0xFF) + ((b[first + 29] & 0xFF) << 8) + (b[first + 30] & 0xFF) + ((b[first + 31] & 0xFF) << 8);
            int comment = end - (first + 46 + nameAndExtra);
            b[first + 32] = (byte) comment;
            b[first + 33] = (byte) (comment >> 8);
            ModelFormatException e = loadMutant(o, b, "the first entry's comment over the rest of the directory");
            assertNotNull(e, o.name + " loaded");
        }
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        for (int i = hay.length - needle.length; i >= 0; i--) {
            if (indexOf(hay, needle, i) == i) return i;
        }
        return -1;
    }

    /** Names that would escape a directory if the archive were ever extracted, as an archive entry or listed in the manifest. */
    @Test
    void pathTraversalNamesAreRefusedWhereverTheyAppear() throws Exception {
        String[] evil = {"../evil.sh", "../../../../../../tmp/evil", "code/../../evil.sh", "code/../manifest.json", "./manifest.json",
            "/etc/cron.d/evil", "//server/share/evil", "C:\\evil.bat", "c:/evil.bat", "code\\..\\..\\evil", "..", ".",
            "tensors/..", "code/./forward.ir", "a\u0000b"};
        for (Original o : originals.values()) {
            String victim = Surgery.open(o.path).entries.keySet().stream().filter(n -> !n.equals(Archive.MANIFEST)).findFirst().orElseThrow();
            for (String name : evil) {
                // An extra entry with that name.
                ModelFormatException e = refused(o, Surgery.open(o.path).put(name, "echo pwned"), "extra entry " + name);
                assertEquals(name, e.entry(), e.getMessage());
                assertTrue(e.getMessage().contains("points outside the archive"), e.getMessage());
                // A listed entry renamed to it, in the archive and the manifest alike, hashes intact.
                Surgery s = Surgery.open(o.path);
                byte[] data = s.entries.remove(victim);
                s.put(name, data);
                s.editManifest(m -> {
                    JsonObject entries = m.getAsJsonObject("entries");
                    entries.add(name, entries.remove(victim));
                    return m;
                });
                ModelFormatException e2 = refused(o, s, "listed entry renamed to " + name);
                assertEquals(name, e2.entry(), e2.getMessage());
                assertTrue(e2.getMessage().contains("points outside the archive"), e2.getMessage());
            }
        }
    }

    private ModelFormatException refused(Original o, Surgery s, String what) throws Exception {
        Path p = dir.resolve("surgery.jbm");
        s.write(p);
        ModelFormatException e = loadMutant(o, Files.readAllBytes(p), what);
        if (e == null) fail(what + ": " + o.name + " still loaded");
        return e;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
