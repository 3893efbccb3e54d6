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
    /** {@code static final} fields with an initializer: constants, read where they are used. */
    final Map<String, com.sun.source.tree.VariableTree> constants = new LinkedHashMap<>();
    /** The module class this one extends (methods not declared here are looked up there), or null. */
    ClassInfo parent;
    /** The class this one is declared in (a nested record such as LSTMCell.State), or null. */
    ClassInfo enclosing;

    ClassInfo(String name, Kind kind, ClassTree tree, ParsedSource source) {
        this.name = name;
        this.kind = kind;
        this.tree = tree;
        this.source = source;
    }

    /** An enum constant of this enum as its run-time value. */
    jitbook.ops.EnumValue enumValue(String constant) {
        return new jitbook.ops.EnumValue(name, constant, enumConstants.get(constant));
    }

    void addMethod(Signature s) {
        methods.computeIfAbsent(s.name, k -> new ArrayList<>()).add(s);
    }

    boolean hasMethod(String name) {
        for (ClassInfo c = this; c != null; c = c.parent) if (c.methods.containsKey(name)) return true;
        return false;
    }

    /** The overload of {@code name} taking {@code arity} arguments (see {@link #method(String, List)}), or null. */
    Signature method(String name, int arity) {
        List<Type> unknown = new ArrayList<>();
        for (int i = 0; i < arity; i++) unknown.add(null);
        return method(name, unknown);
    }

    /**
     * The overload of {@code name} for arguments of these types (null: any), as Java chooses: a
     * method declared here or inherited with exactly that many applicable parameters, else a
     * varargs method (Java's third phase), else any method of that arity (so the call reports
     * which argument does not fit); null if none.
     */
    Signature method(String name, List<Type> args) {
        for (ClassInfo c = this; c != null; c = c.parent) {
            for (Signature s : c.methods.getOrDefault(name, List.of())) {
                if (s.paramTypes.size() == args.size() && applicable(s.paramTypes, args, args.size())) return s;
            }
        }
        for (ClassInfo c = this; c != null; c = c.parent) {
            for (Signature s : c.methods.getOrDefault(name, List.of())) {
                if (!s.varargs || args.size() < s.paramTypes.size() - 1) continue;
                int fixed = s.paramTypes.size() - 1;
                Type elem = ((Type.ListType) s.paramTypes.get(fixed)).element;
                boolean rest = true;
                for (int i = fixed; i < args.size(); i++) rest &= fits(args.get(i), elem);
                if (applicable(s.paramTypes, args, fixed) && rest) return s;
            }
        }
        for (ClassInfo c = this; c != null; c = c.parent) {
            for (Signature s : c.methods.getOrDefault(name, List.of())) if (s.paramTypes.size() == args.size()) return s;
        }
        return null;
    }

    private static boolean applicable(List<Type> params, List<Type> args, int n) {
        for (int i = 0; i < n; i++) if (!fits(args.get(i), params.get(i))) return false;
        return true;
    }

    private static boolean fits(Type arg, Type param) {
        return arg == null || param == null || ScriptTypes.assignable(arg, param);
    }

    /** Every method name callable on this class, for suggestions. */
    java.util.Set<String> methodNames() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (ClassInfo c = this; c != null; c = c.parent) out.addAll(c.methods.keySet());
        return out;
    }

    /**
     * The name a compiled method has in IR and on its module: its Java name, or, for an overload,
     * {@code name__arity} (TorchScript names overloads apart likewise). The primary overload keeps
     * the plain name: for {@code forward}, the one whose parameters are all tensors, fewest first
     * (so {@code module.forward(x)} calls it); otherwise the first declared.
     */
    String irName(Signature sig) {
        List<Signature> same = methods.getOrDefault(sig.name, List.of());
        if (same.size() <= 1) return sig.name;
        return primary(same) == sig ? sig.name : sig.name + "__" + sig.paramTypes.size();
    }

    private static Signature primary(List<Signature> overloads) {
        if (!overloads.get(0).name.equals("forward")) return overloads.get(0);
        Signature best = null;
        for (Signature s : overloads) {
            boolean tensors = !s.varargs && !s.paramTypes.isEmpty() && s.paramTypes.stream().allMatch(Type::isTensor);
            if (tensors && (best == null || s.paramTypes.size() < best.paramTypes.size())) best = s;
        }
        return best != null ? best : overloads.get(0);
    }

    /** This class or one it extends is {@code name}. */
    boolean isOrExtends(String name) {
        for (ClassInfo c = this; c != null; c = c.parent) if (c.name.equals(name)) return true;
        return false;
    }

    Type type() {
        if (kind == Kind.RECORD) {
            List<Type> ts = new ArrayList<>();
            for (String c : components) ts.add(fields.get(c));
            return new Type.TupleType(ts, name, components);
        }
        if (kind == Kind.ENUM) return new Type.EnumType(name);
        return new Type.ClassType(name);
    }
}
