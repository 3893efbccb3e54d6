package jitbook.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import jitbook.ir.Graph;
import jitbook.ir.IrParseException;
import jitbook.ir.IrParser;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ir.VerificationError;
import jitbook.ir.Verifier;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpRegistry;
import jitbook.tensor.Tensor;

/**
 * Rebuilds a {@link ModuleTree} from a checked {@link Archive}: the attribute tree from the
 * manifest, tensors from {@code .npy} entries, methods by parsing their IR text. Only data is
 * read: class names are labels, never classes to load; IR is parsed, never compiled; no Java
 * deserialization. Every graph is then verified, every op looked up in the registry, every
 * parameter's stored shape compared with the manifest, and every method checked against the
 * module tree ({@link MethodChecks}: the attributes it reads and writes, the methods it calls).
 */
public final class ModelReader {
    static final String CODE = "code/";
    static final String TENSORS = "tensors/";
    static final String CONSTANTS = "constants/";
    static final String EXTRA = "extra/";
    static final String SOURCE = "source.java";

    private final Archive archive;
    private final LoadOptions options;
    private final String file;
    private final ManifestReader m;
    private final Map<String, Tensor> tensorsByEntry = new HashMap<>();
    private final Map<Tensor, String> tensorNames = new IdentityHashMap<>();
    private final Map<String, NdArray> constants = new HashMap<>();
    private final Map<ModuleTree, Map<String, String>> methodEntries = new IdentityHashMap<>();

    private ModelReader(Archive archive, LoadOptions options) {
        this.archive = archive;
        this.options = options;
        this.file = archive.file;
        this.m = new ManifestReader(archive.file);
    }

    /** Loads and checks {@code path} for inference ({@link LoadOptions#inference()}); errors name it as given. */
    public static LoadedModel load(Path path) throws IOException {
        return load(path, LoadOptions.inference());
    }

    /** Loads and checks {@code path} as {@code options} say; errors name it as given. */
    public static LoadedModel load(Path path, LoadOptions options) throws IOException {
        return new ModelReader(Archive.read(path, path.toString(), options), options).read();
    }

    /**
     * Loads a model from a stream (a resource inside a service's jar, say): the bytes are copied
     * to a temporary file, which the zip reader needs to find the archive's directory, and
     * deleted afterwards. {@code name} is how errors name the file.
     */
    public static LoadedModel load(InputStream in, String name) throws IOException {
        return load(in, name, LoadOptions.inference());
    }

    /** {@link #load(InputStream, String)} as {@code options} say. */
    public static LoadedModel load(InputStream in, String name, LoadOptions options) throws IOException {
        Path tmp = Files.createTempFile("jitbook-model-", ".jbm");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return new ModelReader(Archive.read(tmp, name, options), options).read();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private LoadedModel read() {
        JsonObject manifest = archive.manifest;
        String kind = m.str(manifest, "kind", "");
        if (!kind.equals("module") && !kind.equals("function")) throw m.error("kind", "must be \"module\" or \"function\", found \"" + kind + "\"");
        FileModule root = module(m.object(manifest, "root", ""), "root", "", 0);
        new MethodChecks(file, methodEntries, tensorNames::get, this::entryOf).check(root);
        String source = null;
        if (m.has(manifest, "source")) {
            String entry = m.str(manifest, "source", "");
            source = text(entry);
            root.setSource(source);
        }
        Map<String, byte[]> extras = new LinkedHashMap<>();
        if (m.has(manifest, "extra_files")) {
            JsonArray names = m.array(manifest, "extra_files", "");
            for (int i = 0; i < names.size(); i++) {
                String path = "extra_files[" + i + "]";
                if (!names.get(i).isJsonPrimitive()) throw m.error(path, "must be a string");
                String name = names.get(i).getAsString();
                try {
                    SaveOptions.checkName(name);
                } catch (IllegalArgumentException e) {
                    throw m.error(path, "names '" + name + "', which saving would have refused: " + e.getMessage());
                }
                extras.put(name, archive.entry(EXTRA + name).clone());
            }
        }
        return new LoadedModel(file, root, kind, m.str(manifest, "format_version", ""), m.integer(manifest, "opset_version", ""),
                source, extras, manifest);
    }

    private FileModule module(JsonObject o, String path, String prefix, int depth) {
        if (depth > Type.MAX_NESTING) throw m.error(path, "nests modules more than " + Type.MAX_NESTING + " deep");
        String cls = name(o, "class", path, "class");
        boolean training = m.bool(o, "training", path);
        FileModule sm = new FileModule(cls, options.forTraining() && training);
        JsonArray attrs = m.array(o, "attributes", path);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < attrs.size(); i++) {
            String ap = path + ".attributes[" + i + "]";
            JsonObject a = m.object(attrs.get(i), ap);
            String name = name(a, "name", ap, "attribute");
            if (!seen.add(name)) throw m.error(ap + ".name", "repeats attribute '" + name + "'");
            String kind = m.str(a, "kind", ap);
            switch (kind) {
                case "tensor": sm.register(name, tensor(a, ap, prefix + name)); break;
                case "module": sm.register(name, module(m.object(a, "module", ap), ap + ".module", prefix + name + ".", depth + 1)); break;
                case "value": sm.register(name, Values.decode(m, m.object(a, "value", ap), ap + ".value")); break;
                default: throw m.error(ap + ".kind", "must be tensor, module or value, found \"" + kind + "\"");
            }
        }
        JsonArray methods = m.array(o, "methods", path);
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < methods.size(); i++) {
            String mp = path + ".methods[" + i + "]";
            JsonObject meth = m.object(methods.get(i), mp);
            String name = name(meth, "name", mp, "method");
            String entry = m.str(meth, "entry", mp);
            if (entries.put(name, entry) != null) throw m.error(mp + ".name", "repeats method '" + name + "'");
            sm.addMethod(name, graph(sm.className() + "." + name, entry, meth, mp));
        }
        methodEntries.put(sm, entries);
        return sm;
    }

    /** The longest class, attribute or method name a file may use. */
    static final int MAX_NAME = 256;

    /**
     * A class, attribute or method name: 1 to {@value #MAX_NAME} characters, no control or line
     * separator characters (saving writes Java identifiers and Sequential's indices; a newline
     * would split the one-line errors and {@code info}'s listing, a megabyte-long name every
     * message that quotes it).
     */
    private String name(JsonObject o, String key, String path, String what) {
        String name = m.str(o, key, path);
        String a = what.startsWith("a") ? "an " : "a ";
        if (name.isEmpty()) throw m.error(path + "." + key, "is an empty " + what + " name");
        if (name.length() > MAX_NAME) {
            throw m.error(path + "." + key, "is " + a + what + " name of " + name.length() + " characters (at most " + MAX_NAME + "): '"
                    + name.substring(0, 40) + "...'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                throw m.error(path + "." + key, "is " + a + what + " name with a control character (U+" + String.format("%04X", (int) c)
                        + " at " + i + "): '" + name + "'");
            }
        }
        return name;
    }

    private Tensor tensor(JsonObject a, String path, String dotted) {
        String entry = m.str(a, "entry", path);
        DType dtype;
        try {
            dtype = DType.fromIrName(m.str(a, "dtype", path));
        } catch (IllegalArgumentException e) {
            throw m.error(path + ".dtype", "names an unknown dtype");
        }
        long[] shape = m.shape(a, "shape", path);
        boolean requiresGrad = m.bool(a, "requires_grad", path);
        Tensor t = tensorsByEntry.get(entry);
        if (t == null) {
            NdArray arr = Npy.read(archive.entry(entry), file, entry);
            if (arr.dtype() != dtype || !java.util.Arrays.equals(arr.shape(), shape)) {
                throw new ModelFormatException(file, entry, "parameter " + dotted + " is stored as " + describe(arr.dtype(), arr.shape())
                        + " but the manifest records " + describe(dtype, shape));
            }
            t = Tensor.fromArray(arr);
            if (requiresGrad) {
                if (!dtype.isFloating()) throw m.error(path + ".requires_grad", "is true for a " + dtype.irName() + " tensor");
                if (options.forTraining()) t.requiresGrad(true);
            }
            tensorsByEntry.put(entry, t);
            tensorNames.put(t, dotted);
        } else if (t.dtype() != dtype || !java.util.Arrays.equals(t.shape(), shape)) {
            throw new ModelFormatException(file, entry, "parameter " + dotted + " shares this entry, which holds "
                    + describe(t.dtype(), t.shape()) + ", but the manifest records " + describe(dtype, shape));
        }
        return t;
    }

    /** A tensor's dtype and shape as the IR prints them: {@code Float(3, 4)}. */
    public static String describe(DType d, long[] shape) {
        return new Type.TensorType(d, shape).print();
    }

    private Graph graph(String qualified, String entry, JsonObject meth, String path) {
        String text = text(entry);
        Graph g;
        try {
            g = IrParser.parse(text, this::constant);
        } catch (IrParseException e) {
            throw new ModelFormatException(file, entry, "the IR of " + qualified + " does not parse: " + e.getMessage(), e);
        }
        for (Node n : g.allNodes()) {
            String k = n.kind();
            boolean known = n.prim() != null || n.op() != null;
            if (!known) {
                List<String> near = OpRegistry.global().suggestions(k);
                throw new ModelFormatException(file, entry, "unknown op " + k + " in method " + qualified + ": this runtime (op set "
                        + OpRegistry.OPSET_VERSION + ") has no such op" + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?"));
            }
        }
        try {
            Verifier.verify(g);
        } catch (VerificationError e) {
            throw new ModelFormatException(file, entry, "the graph of " + qualified + " is invalid: " + e.getMessage(), e);
        }
        checkSignature(qualified, g, meth, path, entry);
        return g;
    }

    /** The manifest's signature is what {@code info} shows and callers rely on: it must be the IR's. */
    private void checkSignature(String qualified, Graph g, JsonObject meth, String path, String entry) {
        List<Value> ins = g.inputs();
        JsonArray want = m.array(meth, "inputs", path);
        JsonArray outs = m.array(meth, "outputs", path);
        boolean ok = !ins.isEmpty() && want.size() == ins.size() - 1 && outs.size() == g.outputs().size();
        for (int i = 0; ok && i < want.size(); i++) {
            JsonObject p = m.object(want.get(i), path + ".inputs[" + i + "]");
            ok = m.str(p, "type", path + ".inputs[" + i + "]").equals(ins.get(i + 1).type().print());
        }
        for (int i = 0; ok && i < outs.size(); i++) {
            ok = outs.get(i).isJsonPrimitive() && outs.get(i).getAsString().equals(g.outputs().get(i).type().print());
        }
        if (!ok) {
            throw new ModelFormatException(file, entry, "the signature of " + qualified + " in the manifest does not match its IR");
        }
    }

    private NdArray constant(String ref) {
        String entry = CONSTANTS + ref + ".npy";
        if (!archive.has(entry)) return null;
        return constants.computeIfAbsent(entry, e -> Npy.read(archive.entry(e), file, e));
    }

    private String text(String entry) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(archive.entry(entry))).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, entry, "is not UTF-8 text");
        }
    }

    private String entryOf(Tensor t) {
        for (Map.Entry<String, Tensor> e : tensorsByEntry.entrySet()) {
            if (e.getValue() == t) return e.getKey();
        }
        return null;
    }

}
