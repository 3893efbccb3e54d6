package jitbook.script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Value;
import jitbook.ir.Type;

/**
 * Compiles one unit of source: collects its free functions and classes, finds other classes
 * through a {@link SourceProvider}, lowers each function's body on demand (so only what is
 * reached is compiled, and calls can be checked against signatures first), and inlines library
 * code at its call sites.
 */
final class UnitBuilder {
    private final SourceProvider provider;
    private final Map<String, Signature> functions = new LinkedHashMap<>();
    private final Map<String, ClassInfo> classes = new LinkedHashMap<>();
    private final Set<ParsedSource> librarySources = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** Compiled graphs by the live object they were specialized to (NO_INSTANCE: generic), then by signature. */
    private final Map<Object, Map<Signature, Graph>> compiled = new IdentityHashMap<>();
    private final Map<Object, Set<Signature>> inProgress = new IdentityHashMap<>();
    private static final Object NO_INSTANCE = new Object();
    private final Map<String, Boolean> missing = new HashMap<>();
    private final ClassScanner scanner = new ClassScanner(this);

    UnitBuilder(SourceProvider provider) {
        this.provider = provider;
    }

    /** Adds a source's top-level functions and classes. */
    void add(ParsedSource src, boolean library) {
        if (library) librarySources.add(src);
        // (library sources are registered before scanning, so their array parameters type as int lists)
        Lowering probe = probe(src);
        List<ClassInfo> added = new ArrayList<>();
        // Classes first (kinds, then fields), so that function signatures can name records and classes.
        for (Tree t : src.topLevel()) {
            if (t instanceof ClassTree) {
                addClass((ClassTree) t, src, library, null, probe, added);
            } else if (!(t instanceof MethodTree) && t.getKind() != Tree.Kind.EMPTY_STATEMENT) {
                throw probe.error(t, "only methods and classes can be compiled here, not a " + t.getKind().toString().toLowerCase().replace('_', ' '));
            }
        }
        for (ClassInfo c : added) if (c.kind == ClassInfo.Kind.RECORD) scanner.fillFields(c, library);
        for (ClassInfo c : added) if (c.kind != ClassInfo.Kind.RECORD) scanner.fillFields(c, library);
        for (ClassInfo c : added) scanner.fillMethods(c, library);
        for (Tree t : src.topLevel()) {
            if (t instanceof MethodTree) {
                MethodTree mt = (MethodTree) t;
                String name = mt.getName().toString();
                if (functions.containsKey(name)) throw probe.error(mt, "function " + name + " is defined twice (overloads of free functions are not in the subset)");
                if (!mt.getTypeParameters().isEmpty()) throw probe.error(mt, "generic methods are not in the script subset (" + name + ")");
                functions.put(name, scanner.signature(mt, src, null, name, probe, false));
            }
        }
    }

    /** Registers a class and the static classes and records nested in it (each by its simple name). */
    private void addClass(ClassTree t, ParsedSource src, boolean library, ClassInfo enclosing, Lowering probe, List<ClassInfo> added) {
        ClassInfo info = scanner.scan(t, src, library);
        info.enclosing = enclosing;
        if (classes.containsKey(info.name) && !library) throw probe.error(t, "class " + info.name + " is defined twice");
        classes.put(info.name, info);
        added.add(info);
        for (Tree m : t.getMembers()) {
            if (m instanceof ClassTree && ClassScanner.isStaticNested((ClassTree) m)) addClass((ClassTree) m, src, library, info, probe, added);
        }
    }

    /** A lowering context used only to type declarations and report errors in {@code src}. */
    Lowering probe(ParsedSource src) {
        return new Lowering(src, this, null);
    }

    /** A function of this unit, or one defined earlier in the session ({@link Scripting#define}). */
    Signature function(String name) {
        Signature s = functions.get(name);
        if (s != null) return s;
        jitbook.jit.ScriptFunction f = Scripting.defined(name);
        return f == null ? null : externals.computeIfAbsent(name, n -> Signature.external(n, f));
    }

    private final Map<String, Signature> externals = new HashMap<>();

    Collection<String> functionNames() {
        return functions.keySet();
    }

    Map<String, Signature> functions() {
        return functions;
    }

    Map<String, ClassInfo> classes() {
        return classes;
    }

    Type userType(String name) {
        ClassInfo c = classInfo(name, null);
        return c == null ? null : c.type();
    }

    /**
     * A class named in library source: library code names only library classes, so a project's
     * own sources (found from the working directory) are never taken for them.
     */
    ClassInfo libraryClassInfo(String name) {
        ClassInfo c = classes.get(name);
        if (c != null || name.isEmpty() || SourceProvider.LIBRARY.find(name) == null) return c;
        return classInfo(name, null);
    }

    /** A class by simple name: from this unit, or found and added through the source provider. */
    ClassInfo classInfo(String name, Tree where) {
        ClassInfo c = classes.get(name);
        if (c != null || missing.containsKey(name) || name.isEmpty()) return c;
        SourceProvider.Found f = provider.find(name);
        if (f == null) {
            missing.put(name, true);
            return null;
        }
        ParsedSource src = ParsedSource.parse(f.fileName, f.text);
        add(src, f.library);
        c = classes.get(name);
        if (c == null) missing.put(name, true);
        return c;
    }

    /** Whether errors naming this file point into library source (see {@link LibraryErrors}). */
    boolean isLibraryFile(String fileName) {
        for (ParsedSource s : librarySources) if (s.fileName().equals(fileName)) return true;
        return false;
    }

    boolean isLibrarySource(ParsedSource src) {
        return librarySources.contains(src);
    }

    boolean isLibrary(Signature sig) {
        return sig.source != null && librarySources.contains(sig.source);
    }

    /** Lowers a function's body (once); a function reached again while being lowered is recursion, which the subset excludes. */
    Graph graphOf(Signature sig, Tree where) {
        return graphOf(sig, where, null);
    }

    /**
     * Lowers a method for one live object (the module instance its {@code self} is, or null for a
     * generic graph), as TorchScript compiles a module's methods against the instance: its
     * submodules' classes, lists of submodules (iterated unrolled) and constants are known.
     */
    Graph graphOf(Signature sig, Tree where, Object liveSelf) {
        if (sig.external != null) return sig.external.graph();
        Object key = liveSelf == null || sig.owner == null ? NO_INSTANCE : liveSelf;
        Map<Signature, Graph> done = compiled.computeIfAbsent(key, k -> new IdentityHashMap<>());
        Graph g = done.get(sig);
        if (g != null) return g;
        Set<Signature> busy = inProgress.computeIfAbsent(key, k -> java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!busy.add(sig)) {
            throw probe(sig.source).error(where, "recursion is not in the script subset (" + sig.qualifiedName() + " calls itself)");
        }
        try {
            g = new Lowering(sig.source, this, sig, key == NO_INSTANCE ? null : liveSelf).lowerFunction();
            verifyLowered(sig, g);
            done.put(sig, g);
            return g;
        } finally {
            busy.remove(sig);
        }
    }

    /** Every lowered graph is checked: an invalid one is the compiler's bug, reported here rather than when it runs or saves. */
    private static void verifyLowered(Signature sig, Graph g) {
        try {
            jitbook.ir.Verifier.verify(g);
        } catch (jitbook.ir.VerificationError e) {
            throw new IllegalStateException("the graph lowered from " + sig.qualifiedName() + " is invalid: " + e.getMessage(), e);
        }
    }

    void requireCompiled(Signature sig, Tree where, Object liveSelf) {
        graphOf(sig, where, liveSelf);
    }

    /** The graphs compiled for one live object (null: the generic ones). */
    Map<Signature, Graph> compiledFor(Object liveSelf) {
        return compiled.getOrDefault(liveSelf == null ? NO_INSTANCE : liveSelf, Map.of());
    }

    /** Copies a library function's graph into the caller at the current point; returns its result (None for void). */
    Value inline(Lowering caller, Signature sig, Value self, List<Value> args, Tree where) {
        Graph callee = LibraryErrors.atCallSite(caller, sig, where, () -> graphOf(sig, where, caller.live.of(self)));
        Map<Value, Value> map = new IdentityHashMap<>();
        int k = 0;
        List<Value> ins = callee.inputs();
        if (sig.owner != null) map.put(ins.get(k++), self);
        for (Value a : args) map.put(ins.get(k++), a);
        Block into = caller.block;
        for (Node n : callee.nodes()) Graph.copyNode(n, into, map);
        if (callee.outputs().isEmpty()) return caller.none();
        return map.get(callee.outputs().get(0));
    }

    private final Map<com.sun.source.tree.VariableTree, Graph> constantGraphs = new IdentityHashMap<>();

    /**
     * A {@code static final} field's value where no loaded class can be read: its initializer,
     * compiled once in the declaring class's (static) context, copied in at the use.
     */
    Value inlineConstant(Lowering caller, ClassInfo cls, com.sun.source.tree.VariableTree decl, Tree where) {
        Graph g = constantGraphs.get(decl);
        if (g == null) {
            Type t = probe(cls.source).types.resolve(decl.getType());
            Signature sig = new Signature(decl.getName().toString(), List.of(), List.of(), t, null, cls.source, null, cls);
            g = LibraryErrors.atCallSite(caller, sig, where, () -> new Lowering(cls.source, this, sig).lowerConstant(decl));
            constantGraphs.put(decl, g);
        }
        Map<Value, Value> map = new IdentityHashMap<>();
        for (Node n : g.nodes()) Graph.copyNode(n, caller.block, map);
        return map.get(g.outputs().get(0));
    }

    /** {@code new C(args)} for a user class: a fresh object, then its constructor as a method call. */
    Value construct(Lowering lw, ClassInfo info, List<Value> args, Tree where) {
        Node create = lw.append(jitbook.ir.Prim.CREATE_OBJECT);
        create.setAttr(Node.NAME, info.name);
        Value obj = create.addOutput(info.type());
        if (info.hasMethod("__init__")) {
            lw.calls.invokeMethod(where, obj, info, "__init__", args);
        } else if (!args.isEmpty()) {
            throw lw.error(where, info.name + " has no constructor taking " + args.size() + " arguments");
        }
        return obj;
    }

    /** The signature behind {@code Class.method}, for run-time method lookup on scripted objects. */
    Signature qualified(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        if (dot < 0) return functions.get(qualifiedName);
        ClassInfo c = classes.get(qualifiedName.substring(0, dot));
        if (c == null) return null;
        List<Signature> sigs = c.methods.get(qualifiedName.substring(dot + 1));
        return sigs == null || sigs.isEmpty() ? null : sigs.get(0);
    }
}
