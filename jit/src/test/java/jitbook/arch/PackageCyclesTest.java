package jitbook.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;

/**
 * The jit module's packages depend on each other one way: the package graph, read from the
 * compiled classes' constant pools (every class a class refers to, in its code, fields, method
 * signatures, generic signatures and annotations; string literals are not references), has no
 * cycle except the ones listed in {@link #KNOWN_CYCLES}. A new cycle, or an old one growing to
 * take in another package, fails with the references that close it. Sub-packages
 * ({@code exec.fuse}) are packages of their own.
 */
class PackageCyclesTest {
    /**
     * Cycles not yet broken (issue 17), each the full set of packages that reach one another.
     * Remove an entry when its cycle is broken: the test fails while an entry names no cycle, so
     * this list never hides a new one.
     */
    private static final List<Set<String>> KNOWN_CYCLES = List.of(
            // The interpreter plans fused groups (FusedGroup, BufferPool in exec.fuse), whose
            // generated kernels check exec's Cancellation and read its Constants.
            Set.of("jitbook.exec", "jitbook.exec.fuse"),
            // Jit.script/compile call the script compiler, which builds ScriptFunction and
            // ScriptModule (jitbook.jit) as its results.
            Set.of("jitbook.jit", "jitbook.script"));

    /** Packages of the jit module and the packages each refers to (itself excluded), from its classes. */
    static Map<String, Map<String, Set<String>>> dependencies() {
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        for (Map.Entry<String, byte[]> c : classFiles().entrySet()) {
            String name = c.getKey();
            String from = packageOf(name);
            edges.computeIfAbsent(from, k -> new TreeMap<>());
            for (String ref : referencedClasses(c.getValue())) {
                String to = packageOf(ref);
                if (!to.startsWith("jitbook.") || to.equals(from)) continue;
                edges.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(simpleName(name) + " -> " + simpleName(ref));
            }
        }
        return edges;
    }

    @Test
    void thePackageGraphHasNoCyclesButTheKnownOnes() {
        Map<String, Map<String, Set<String>>> deps = dependencies();
        List<Set<String>> cycles = stronglyConnected(deps);
        StringBuilder unexpected = new StringBuilder();
        for (Set<String> cycle : cycles) {
            if (KNOWN_CYCLES.contains(cycle)) continue;
            unexpected.append("\n  ").append(cycle).append(" reach one another:");
            for (String a : cycle) {
                for (String b : cycle) {
                    Set<String> why = deps.get(a).get(b);
                    if (why == null) continue;
                    unexpected.append("\n    ").append(a).append(" -> ").append(b).append(": ")
                            .append(why.stream().limit(4).collect(Collectors.joining(", ")))
                            .append(why.size() > 4 ? ", ... (" + why.size() + " references)" : "");
                }
            }
        }
        assertTrue(unexpected.length() == 0, "package cycles (make the dependency point one way):" + unexpected);
        for (Set<String> known : KNOWN_CYCLES) {
            assertTrue(cycles.contains(known), known + " is no longer a cycle: remove it from KNOWN_CYCLES");
        }
    }

    /** The cycle issue 17 named between save/load and the facade stays broken: io is below jit. */
    @Test
    void ioDoesNotReferToTheFacadeItServes() {
        Map<String, Map<String, Set<String>>> deps = dependencies();
        assertTrue(deps.get("jitbook.jit").containsKey("jitbook.io"), "Jit.save/Jit.load call jitbook.io");
        assertFalse(deps.get("jitbook.io").containsKey("jitbook.jit"), () -> "jitbook.io refers to jitbook.jit: " + deps.get("jitbook.io").get("jitbook.jit"));
        assertFalse(deps.get("jitbook.io").containsKey("jitbook.cli"), "the command line is above io");
    }

    /** The reader itself: a two-package cycle written as class files is found, with the references that make it. */
    @Test
    void theCycleFinderFindsACycleAndNamesItsPackages() {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        g.put("a", new TreeMap<>(Map.of("b", Set.of("A -> B"))));
        g.put("b", new TreeMap<>(Map.of("c", Set.of("B -> C"))));
        g.put("c", new TreeMap<>(Map.of("a", Set.of("C -> A"), "d", Set.of("C -> D"))));
        g.put("d", new TreeMap<>());
        assertEquals(List.of(Set.of("a", "b", "c")), stronglyConnected(g));
        g.get("a").remove("b");
        assertEquals(List.of(), stronglyConnected(g));
    }

    @Test
    void referencesAreReadFromCodeAndSignaturesButNotFromStringLiterals() throws IOException {
        byte[] cli;
        try (InputStream in = Jit.class.getResourceAsStream("/jitbook/cli/Cli.class")) {
            cli = in.readAllBytes();
        }
        Set<String> refs = referencedClasses(cli);
        assertTrue(refs.contains("jitbook.jit.ScriptModule"), refs.toString());
        assertTrue(refs.contains("jitbook.io.ModelInfo"), refs.toString());
        // Only in the ModelReader's signature of a method Cli calls: LoadedModel load(Path, LoadOptions).
        assertTrue(refs.contains("jitbook.io.LoadedModel"), refs.toString());
        byte[] literalOnly;
        try (InputStream in = PackageCyclesTest.class.getResourceAsStream("PackageCyclesTest$LiteralOnly.class")) {
            literalOnly = in.readAllBytes();
        }
        assertFalse(referencedClasses(literalOnly).contains("jitbook.cli.Cli"), referencedClasses(literalOnly).toString());
    }

    /** Names a class only inside a string literal, which is text, not a reference. */
    static final class LiteralOnly {
        String text() {
            return "Ljitbook/cli/Cli; jitbook/cli/Cli";
        }
    }

    // ---- the class files -------------------------------------------------------------------------

    /** Every class of the jit module by binary name (jitbook.io.ModelReader$1), from where Jit was loaded. */
    private static Map<String, byte[]> classFiles() {
        Path root;
        try {
            root = Path.of(Jit.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(root)) throw new IllegalStateException("expected the jit module's classes as a folder, not " + root);
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith("module-info.class") || rel.endsWith("package-info.class")) continue;
                out.put(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(out.size() > 100 && out.containsKey("jitbook.io.ModelReader"), "the jit module's classes under " + root);
        return out;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** A class name inside a descriptor or signature: {@code Ljitbook/io/ModuleTree;} or {@code Ljava/util/List<}. */
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");

    /**
     * The classes a class file refers to, by binary name: its CONSTANT_Class entries, and the
     * class names in every UTF-8 constant that is not the text of a string literal (descriptors
     * of fields, methods and method types, generic signatures, annotation types).
     */
    static Set<String> referencedClasses(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) throw new IllegalArgumentException("not a class file");
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classNames = new ArrayList<>();
            BitSet literals = new BitSet(count);
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: utf8[i] = in.readUTF(); break;
                    case 7: classNames.add(in.readUnsignedShort()); break;
                    case 8: literals.set(in.readUnsignedShort()); break;
                    case 16: case 19: case 20: in.readUnsignedShort(); break;
                    case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                    case 5: case 6: in.readLong(); i++; break;
                    default: throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + i);
                }
            }
            Set<String> out = new TreeSet<>();
            for (int idx : classNames) {
                String n = utf8[idx];
                if (n.startsWith("[")) addFromDescriptor(n, out);
                else out.add(n.replace('/', '.'));
            }
            for (int i = 1; i < count; i++) {
                if (utf8[i] != null && !literals.get(i) && utf8[i].indexOf('/') >= 0) addFromDescriptor(utf8[i], out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addFromDescriptor(String text, Set<String> out) {
        Matcher m = IN_DESCRIPTOR.matcher(text);
        while (m.find()) out.add(m.group(1).replace('/', '.'));
    }

    // ---- cycles ------------------------------------------------------------------------------------

    /** The sets of two or more packages that all reach one another (Tarjan's strongly connected components), sorted. */
    static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] next = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) connect(v, graph, index, low, stack, onStack, out, next);
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) out.add(component);
        }
    }
}
