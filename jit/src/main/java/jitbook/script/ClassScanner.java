package jitbook.script;

import java.util.ArrayList;
import java.util.List;

import javax.lang.model.element.Modifier;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;

import jitbook.ir.Type;

/**
 * Reads a class declaration into a {@link ClassInfo}: its kind (module, class, record, enum),
 * its fields with their types and its methods' signatures, rejecting what the subset excludes
 * (inheritance other than Module, generic classes, static mutable fields, nested classes).
 * Signatures that cannot be typed are kept as errors raised only if the method is called, so
 * library classes with eager-only helpers still load.
 */
final class ClassScanner {
    private final UnitBuilder unit;

    ClassScanner(UnitBuilder unit) {
        this.unit = unit;
    }

    ClassInfo scan(ClassTree c, ParsedSource src, boolean library) {
        String name = c.getSimpleName().toString();
        Lowering probe = unit.probe(src);
        ClassInfo.Kind kind = kindOf(c, src, probe, library);
        ClassInfo info = new ClassInfo(name, kind, c, src);
        if (!c.getTypeParameters().isEmpty()) throw probe.error(c, "generic classes are not in the script subset");
        if (kind == ClassInfo.Kind.MODULE) {
            // Methods a module does not declare come from the class it extends, up to the library's Module.
            info.parent = unit.classInfo(ScriptTypes.simpleName(c.getExtendsClause()), c.getExtendsClause());
        }
        return info;
    }

    /** Records, enums and static classes nested in a class are classes of their own (LSTMCell.State). */
    static boolean isStaticNested(ClassTree c) {
        return c.getKind() == Tree.Kind.RECORD || c.getKind() == Tree.Kind.ENUM
                || c.getModifiers().getFlags().contains(Modifier.STATIC);
    }

    /**
     * Fills fields, then (in {@link #fillMethods}) signatures; done after every class of the unit
     * is known, so fields may name each other, and for all classes' fields before any method, so
     * a signature naming a record (LSTMCell.State) sees its components.
     */
    void fillFields(ClassInfo info, boolean library) {
        fillMembers(info, library, true);
    }

    void fillMethods(ClassInfo info, boolean library) {
        fillMembers(info, library, false);
        if (!library) checkConstructorSetsFields(info);
    }

    private void fillMembers(ClassInfo info, boolean library, boolean fields) {
        ClassTree c = info.tree;
        ParsedSource src = info.source;
        Lowering probe = unit.probe(src);
        int ordinal = 0;
        for (Tree m : c.getMembers()) {
            if (fields != m instanceof VariableTree) continue;
            if (m instanceof VariableTree) {
                VariableTree v = (VariableTree) m;
                String fname = v.getName().toString();
                if (info.kind == ClassInfo.Kind.ENUM && v.getType() != null && ScriptTypes.simpleName(v.getType()).equals(info.name)) {
                    info.enumConstants.put(fname, ordinal++);
                    continue;
                }
                boolean isStatic = v.getModifiers().getFlags().contains(Modifier.STATIC);
                if (isStatic) {
                    boolean isFinal = v.getModifiers().getFlags().contains(Modifier.FINAL);
                    if (!isFinal && !library) {
                        throw probe.error(v, "static mutable fields are not in the script subset (" + fname
                                + "); make it static final (a constant) or an instance field");
                    }
                    if (isFinal && v.getInitializer() != null) info.constants.put(fname, v);
                    continue;
                }
                try {
                    info.fields.put(fname, probe.types.resolve(v.getType()));
                    if (info.kind == ClassInfo.Kind.RECORD) info.components.add(fname);
                } catch (ScriptCompileError e) {
                    if (!library) throw e;
                }
            } else if (m instanceof MethodTree) {
                MethodTree mt = (MethodTree) m;
                String mname = mt.getName().toString();
                boolean ctor = mname.equals("<init>");
                if (!mt.getTypeParameters().isEmpty()) {
                    if (library) continue;
                    throw probe.error(mt, "generic methods are not in the script subset (" + mname + ")");
                }
                Signature sig = signature(mt, src, info, ctor ? "__init__" : mname, probe, library);
                if (sig != null && info.kind == ClassInfo.Kind.CLASS && info.hasMethod(sig.name)) {
                    throw probe.error(mt, "overloaded methods are not in the script subset for user classes (" + info.name + "." + mname + ")");
                }
                if (sig != null) {
                    for (com.sun.source.tree.AnnotationTree a : mt.getModifiers().getAnnotations()) {
                        String an = ScriptTypes.simpleName(a.getAnnotationType());
                        if (an.equals("Ignore")) sig.ignored = true;
                        if (an.equals("Export")) sig.exported = true;
                    }
                    info.addMethod(sig);
                }
            } else if (m instanceof ClassTree && !library && !isStaticNested((ClassTree) m)) {
                throw probe.error(m, "inner (non-static) classes are not in the script subset; declare "
                        + ((ClassTree) m).getSimpleName() + " static, or as a record");
            }
        }
    }

    /**
     * A class's constructor must give every field without an initializer its value, as
     * TorchScript requires attributes to be defined in __init__: the compiler then knows each
     * object's fields from the constructor alone.
     */
    void checkConstructorSetsFields(ClassInfo info) {
        if (info.kind != ClassInfo.Kind.CLASS) return;
        java.util.Set<String> needed = new java.util.LinkedHashSet<>();
        for (Tree m : info.tree.getMembers()) {
            if (m instanceof VariableTree && ((VariableTree) m).getInitializer() == null
                    && !((VariableTree) m).getModifiers().getFlags().contains(Modifier.STATIC)) {
                needed.add(((VariableTree) m).getName().toString());
            }
        }
        List<Signature> ctors = info.methods.getOrDefault("__init__", List.of());
        Lowering probe = unit.probe(info.source);
        for (Signature ctor : ctors) {
            java.util.Set<String> set = DefiniteAssignment.of(ctor.tree.getBody(), needed, ctor.paramNames);
            java.util.Set<String> anywhere = new java.util.HashSet<>(TreeFacts.assignedNames(ctor.tree.getBody()));
            anywhere.addAll(TreeFacts.assignedFields(ctor.tree.getBody()));
            for (String f : needed) {
                if (set.contains(f)) continue;
                if (anywhere.contains(f)) {
                    throw probe.error(ctor.tree, "field " + f + " of " + info.name + " is set only on some paths through its constructor:"
                            + " set it on every path (as TorchScript requires), or give it an initializer");
                }
                throw probe.error(ctor.tree, "field " + f + " is not declared in the constructor: set every field of " + info.name
                        + " in its constructor (this." + f + " = ...)");
            }
        }
        if (ctors.isEmpty() && !needed.isEmpty()) {
            throw probe.error(info.tree, "field " + needed.iterator().next() + " is not declared in the constructor: " + info.name + " needs a constructor that sets it");
        }
    }

    private ClassInfo.Kind kindOf(ClassTree c, ParsedSource src, Lowering probe, boolean library) {
        switch (c.getKind()) {
            case RECORD: return ClassInfo.Kind.RECORD;
            case ENUM: return ClassInfo.Kind.ENUM;
            case INTERFACE: case ANNOTATION_TYPE:
                throw probe.error(c, "interfaces are not in the script subset");
            default:
                break;
        }
        Tree ext = c.getExtendsClause();
        if (ext == null) return library ? ClassInfo.Kind.LIBRARY : ClassInfo.Kind.CLASS;
        String base = ScriptTypes.simpleName(ext);
        if (base.equals("Module")) return ClassInfo.Kind.MODULE;
        ClassInfo parent = unit.classInfo(base, ext);
        if (parent != null && parent.kind == ClassInfo.Kind.MODULE) return ClassInfo.Kind.MODULE;
        throw probe.error(ext, "inheritance other than `extends Module` is not in the script subset (" + c.getSimpleName() + " extends " + base + ")");
    }

    /** Builds a method's signature; for library classes an untypeable one is skipped (it cannot be called from scripts). */
    Signature signature(MethodTree mt, ParsedSource src, ClassInfo owner, String name, Lowering probe, boolean library) {
        try {
            List<String> names = new ArrayList<>();
            List<Type> types = new ArrayList<>();
            boolean varargs = false;
            for (VariableTree p : mt.getParameters()) {
                names.add(p.getName().toString());
                boolean last = p == mt.getParameters().get(mt.getParameters().size() - 1);
                varargs = last && p.getType() instanceof ArrayTypeTree && src.textOf(p).contains("...");
                // Varargs (Tensor... inputs) arrive as a list, as Java passes them as an array.
                Type t = varargs ? new Type.ListType(probe.types.resolve(((ArrayTypeTree) p.getType()).getType()))
                        : probe.types.resolve(p.getType());
                if (t == null) throw probe.error(p, "parameters need a declared type");
                types.add(t);
            }
            Type ret = mt.getReturnType() == null ? Type.NONE : probe.types.resolve(mt.getReturnType());
            boolean isStatic = mt.getModifiers().getFlags().contains(Modifier.STATIC);
            Signature sig = new Signature(name, names, types, ret, mt, src, owner == null || isStatic ? null : owner, owner);
            sig.varargs = varargs;
            return sig;
        } catch (ScriptCompileError e) {
            if (library) return null;
            throw e;
        }
    }
}
