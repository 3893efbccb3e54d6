package jitbook.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.source.tree.ClassTree;

import jitbook.ir.Type;

/**
 * What the compiler knows of a user class, record, enum or module: its fields and their types,
 * its methods' signatures, and its kind.
 */
final class ClassInfo {
    enum Kind { MODULE, CLASS, RECORD, ENUM, LIBRARY }

    final String name;
    final Kind kind;
    final ClassTree tree;
    final ParsedSource source;
    final Map<String, Type> fields = new LinkedHashMap<>();
    /** Methods by name; overloads are told apart by arity. */
    final Map<String, List<Signature>> methods = new LinkedHashMap<>();
    /** For records: the components in order. */
    final List<String> components = new ArrayList<>();
    /** For enums: constant name to its ordinal. */
    final Map<String, Integer> enumConstants = new LinkedHashMap<>();

    ClassInfo(String name, Kind kind, ClassTree tree, ParsedSource source) {
        this.name = name;
        this.kind = kind;
        this.tree = tree;
        this.source = source;
    }

    void addMethod(Signature s) {
        methods.computeIfAbsent(s.name, k -> new ArrayList<>()).add(s);
    }

    boolean hasMethod(String name) {
        return methods.containsKey(name);
    }

    /** The overload of {@code name} taking {@code arity} arguments, or null. */
    Signature method(String name, int arity) {
        List<Signature> l = methods.get(name);
        if (l == null) return null;
        for (Signature s : l) if (s.paramTypes.size() == arity) return s;
        return null;
    }

    Type type() {
        if (kind == Kind.RECORD) {
            List<Type> ts = new ArrayList<>();
            for (String c : components) ts.add(fields.get(c));
            return new Type.TupleType(ts, name, components);
        }
        if (kind == Kind.ENUM) return Type.INT;
        return new Type.ClassType(name);
    }
}
