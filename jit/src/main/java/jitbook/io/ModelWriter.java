package jitbook.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import jitbook.ir.Graph;
import jitbook.ir.IrPrinter;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;
import jitbook.ir.VerificationError;
import jitbook.ir.Verifier;
import jitbook.ops.NdArray;
import jitbook.ops.OpRegistry;
import jitbook.tensor.Tensor;

/**
 * Turns a {@link ModuleTree} (a script module, or a function saved as a module whose forward is
 * the function) into archive entries and a manifest. Everything is a pure function of the
 * module: no clocks, no hash-map iteration orders, no identity hash codes, so saving the same
 * module twice writes the same bytes.
 */
public final class ModelWriter {
    /** Attribute and module-path names become parts of entry names, so they are restricted to identifiers and indices. */
    private static final Pattern ATTR = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*|[0-9]+");

    private final Map<String, byte[]> entries = new TreeMap<>();
    private final Map<Tensor, String> tensorEntries = new IdentityHashMap<>();
    private final Map<NdArray, String> constantRefs = new IdentityHashMap<>();
    private final Map<String, Integer> constantCounters = new HashMap<>();
    private final Map<ModuleTree, Boolean> onPath = new IdentityHashMap<>();

    private ModelWriter() {
    }

    /** Writes a module to {@code path}. */
    public static void save(ModuleTree module, Path path, SaveOptions options) throws IOException {
        write(module, "module", path, options);
    }

    /**
     * Writes a function saved as a module (kind "function"): {@code asModule}'s forward takes an
     * unused self and then the function's inputs, its calls already inlined (a loaded file has no
     * compilation unit to find callees in).
     */
    public static void saveFunction(ModuleTree asModule, Path path, SaveOptions options) throws IOException {
        write(asModule, "function", path, options);
    }

    private static void write(ModuleTree module, String kind, Path path, SaveOptions options) throws IOException {
        ModelWriter w = new ModelWriter();
        byte[] manifest = w.build(module, kind, options, module.source());
        Archive.writeFile(manifest, w.entries, path);
    }

    /** Whether {@code name} may name an attribute, a module path part or a class in a file: an identifier or an index. */
    public static boolean isSavableName(String name) {
        return ATTR.matcher(name).matches();
    }

    private byte[] build(ModuleTree root, String kind, SaveOptions options, String moduleSource) {
        JsonObject manifest = new JsonObject();
        manifest.addProperty("format", Archive.FORMAT);
        manifest.addProperty("format_version", Archive.FORMAT_MAJOR + "." + Archive.FORMAT_MINOR);
        manifest.addProperty("opset_version", OpRegistry.OPSET_VERSION);
        manifest.addProperty("kind", kind);
        manifest.add("root", module(root, ""));
        String source = options.source() != null ? options.source() : moduleSource;
        if (source != null) {
            entries.put(ModelReader.SOURCE, source.getBytes(StandardCharsets.UTF_8));
            manifest.addProperty("source", ModelReader.SOURCE);
        }
        JsonArray extras = new JsonArray();
        for (Map.Entry<String, byte[]> e : options.extraFiles().entrySet()) {
            entries.put(ModelReader.EXTRA + e.getKey(), e.getValue());
            extras.add(e.getKey());
        }
        manifest.add("extra_files", extras);
        JsonObject listed = new JsonObject();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            JsonObject info = new JsonObject();
            info.addProperty("size", e.getValue().length);
            info.addProperty("sha256", Archive.sha256(e.getValue()));
            listed.add(e.getKey(), info);
        }
        manifest.add("entries", listed);
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(manifest) + "\n";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject module(ModuleTree m, String prefix) {
        if (onPath.put(m, Boolean.TRUE) != null) {
            throw new IllegalArgumentException("cannot save: module " + m.className() + " at '" + prefix + "' contains itself");
        }
        JsonObject o = new JsonObject();
        o.addProperty("class", m.className());
        o.addProperty("training", m.isTraining());
        JsonArray attrs = new JsonArray();
        for (Map.Entry<String, Object> a : m.attributes().entrySet()) {
            String name = a.getKey();
            String dotted = prefix + name;
            if (!ATTR.matcher(name).matches()) {
                throw new IllegalArgumentException("cannot save attribute '" + dotted + "': saved attribute names are identifiers or indices");
            }
            attrs.add(attribute(name, dotted, a.getValue()));
        }
        o.add("attributes", attrs);
        JsonArray methods = new JsonArray();
        for (String name : m.methodNames()) methods.add(method(m, name, prefix));
        o.add("methods", methods);
        onPath.remove(m);
        return o;
    }

    private JsonObject attribute(String name, String dotted, Object v) {
        JsonObject a = new JsonObject();
        a.addProperty("name", name);
        if (v instanceof Tensor) {
            Tensor t = (Tensor) v;
            String entry = tensorEntries.get(t);
            if (entry == null) {
                entry = ModelReader.TENSORS + dotted + ".npy";
                tensorEntries.put(t, entry);
                entries.put(entry, Npy.write(t.array()));
            }
            a.addProperty("kind", "tensor");
            a.addProperty("entry", entry);
            a.addProperty("dtype", t.dtype().irName());
            a.add("shape", ManifestReader.shapeJson(t.shape()));
            a.addProperty("requires_grad", t.requiresGrad());
        } else if (v instanceof ModuleTree) {
            a.addProperty("kind", "module");
            a.add("module", module((ModuleTree) v, dotted + "."));
        } else {
            a.addProperty("kind", "value");
            a.add("value", Values.encode(v, "attribute '" + dotted + "'"));
        }
        return a;
    }

    private JsonObject method(ModuleTree m, String name, String prefix) {
        String qualified = prefix + name;
        if (!ATTR.matcher(name).matches() || Character.isDigit(name.charAt(0))) {
            throw new IllegalArgumentException("cannot save method '" + qualified + "': method names must be identifiers");
        }
        Graph g = m.methodGraph(name);
        if (g.inputs().isEmpty()) {
            throw new IllegalArgumentException("cannot save " + m.className() + "." + name + ": a method's graph takes self as its first input");
        }
        try {
            Verifier.verify(g);
        } catch (VerificationError e) {
            throw new IllegalArgumentException("cannot save " + m.className() + "." + name + ": its graph is invalid: " + e.getMessage(), e);
        }
        for (Node n : g.allNodes()) {
            // What loading refuses (MethodChecks): a file has no Java object and no functions to call.
            if (n.is(Prim.JAVA_CALL)) {
                throw new IllegalArgumentException("cannot save " + m.className() + "." + name + ": it calls the @Ignore method "
                        + n.attr(Node.NAME) + ", plain Java that a saved file cannot carry (compile it too, or leave it out of what is saved)");
            }
            if (n.is(Prim.CALL_FUNCTION)) {
                throw new IllegalArgumentException("cannot save " + m.className() + "." + name + ": it calls function " + n.attr(Node.NAME)
                        + ", whose graph a saved module does not hold");
            }
        }
        String text = IrPrinter.printWithTensorRefs(g, arr -> constantRef(arr, qualified));
        String entry = ModelReader.CODE + qualified + ".ir";
        entries.put(entry, text.getBytes(StandardCharsets.UTF_8));
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("entry", entry);
        JsonArray ins = new JsonArray();
        List<Value> inputs = g.inputs();
        for (int i = 1; i < inputs.size(); i++) {
            JsonObject p = new JsonObject();
            p.addProperty("name", inputs.get(i).name());
            p.addProperty("type", inputs.get(i).type().print());
            ins.add(p);
        }
        o.add("inputs", ins);
        JsonArray outs = new JsonArray();
        for (Value v : g.outputs()) outs.add(v.type().print());
        o.add("outputs", outs);
        return o;
    }

    private String constantRef(NdArray a, String qualifiedMethod) {
        String ref = constantRefs.get(a);
        if (ref == null) {
            int k = constantCounters.merge(qualifiedMethod, 1, Integer::sum) - 1;
            ref = qualifiedMethod + "." + k;
            constantRefs.put(a, ref);
            entries.put(ModelReader.CONSTANTS + ref + ".npy", Npy.write(a));
        }
        return ref;
    }
}
