package jitbook.script;

import java.util.List;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;

import jitbook.ir.Type;

/** Maps Java type syntax to IR types, and names IR types as a Java programmer would read them. */
final class ScriptTypes {
    private final Lowering ctx;

    ScriptTypes(Lowering ctx) {
        this.ctx = ctx;
    }

    Type resolve(Tree t) {
        if (t == null) throw ctx.error(null, "a type is needed here");
        if (t instanceof PrimitiveTypeTree) {
            switch (((PrimitiveTypeTree) t).getPrimitiveTypeKind()) {
                case INT: return Type.INT;
                case SHORT: return Type.SHORT;
                case BYTE: return Type.BYTE;
                case LONG: return Type.LONG;
                case FLOAT: return Type.FLOAT;
                case DOUBLE: return Type.DOUBLE;
                case BOOLEAN: return Type.BOOL;
                case VOID: return Type.NONE;
                default: throw ctx.error(t, "the type " + t + " is not in the script subset");
            }
        }
        if (t instanceof ArrayTypeTree && ctx.unit().isLibrarySource(ctx.source())) {
            // Library signatures take dimension arrays (long[] normalizedShape); scripts pass int lists.
            Tree elem = ((ArrayTypeTree) t).getType();
            return new Type.ListType(elem instanceof PrimitiveTypeTree ? Type.INT : resolve(elem));
        }
        if (t instanceof ArrayTypeTree) {
            throw ctx.error(t, "arrays are not in the script subset (except constant arrays passed to tensor ops); use List<...>");
        }
        if (t instanceof ParameterizedTypeTree) {
            ParameterizedTypeTree p = (ParameterizedTypeTree) t;
            String base = simpleName(p.getType());
            List<? extends Tree> args = p.getTypeArguments();
            switch (base) {
                case "List": case "ArrayList":
                    return new Type.ListType(resolve(one(p, args)));
                case "Map": case "HashMap": case "LinkedHashMap": {
                    if (args.size() != 2) throw ctx.error(t, "Map needs a key and a value type");
                    Type k = resolve(args.get(0));
                    if (!(k == Type.STR || k.isNumber() || k == Type.BOOL || k instanceof Type.EnumType)) {
                        throw ctx.error(args.get(0), "map keys must be String, int, long, double or boolean, not " + name(k));
                    }
                    return new Type.DictType(k, resolve(args.get(1)));
                }
                case "Optional":
                    return new Type.OptionalType(resolve(one(p, args)));
                case "Entry":
                    if (args.size() != 2) throw ctx.error(t, "Map.Entry needs a key and a value type");
                    return entryType(resolve(args.get(0)), resolve(args.get(1)));
                default:
                    throw ctx.error(t, "the generic type " + base + " is not in the script subset (List, Map and Optional are)");
            }
        }
        if (t instanceof MemberSelectTree && Character.isUpperCase(simpleName(((MemberSelectTree) t).getExpression()).charAt(0))) {
            // Outer.Inner (LSTMCell.State): the outer class's source declares the nested one.
            String outer = simpleName(((MemberSelectTree) t).getExpression());
            if (ctx.unit().isLibrarySource(ctx.source())) ctx.unit().libraryClassInfo(outer); else ctx.unit().classInfo(outer, t);
        }
        String n = simpleName(t);
        switch (n) {
            case "Tensor": return Type.TENSOR;
            case "String": return Type.STR;
            case "Integer": return Type.INT;
            case "Short": return Type.SHORT;
            case "Byte": return Type.BYTE;
            case "Long": return Type.LONG;
            case "Float": return Type.FLOAT;
            case "Double": return Type.DOUBLE;
            case "Boolean": return Type.BOOL;
            case "var": return null;
            case "Object":
                throw ctx.error(t, "Object is not in the script subset: every value needs a precise type");
            default:
                break;
        }
        Type user;
        if (ctx.unit().isLibrarySource(ctx.source())) {
            ClassInfo c = ctx.unit().libraryClassInfo(n);
            user = c == null ? null : c.type();
        } else {
            user = ctx.unit().userType(n);
        }
        if (user != null) return user;
        throw ctx.error(t, "unknown type " + n + " (the script subset knows Tensor, numbers, boolean, String, List, Map, Optional, "
                + "records, enums and classes compiled with it)");
    }

    private Tree one(ParameterizedTypeTree p, List<? extends Tree> args) {
        if (args.size() != 1) throw ctx.error(p, p.getType() + " needs exactly one type argument");
        return args.get(0);
    }

    /** A map entry is a (key, value) named tuple read with getKey() and getValue(). */
    static Type entryType(Type key, Type value) {
        return new Type.TupleType(List.of(key, value), "Map.Entry", List.of("getKey", "getValue"));
    }

    static String simpleName(Tree t) {
        if (t instanceof IdentifierTree) return ((IdentifierTree) t).getName().toString();
        if (t instanceof MemberSelectTree) return ((MemberSelectTree) t).getIdentifier().toString();
        if (t instanceof ParameterizedTypeTree) return simpleName(((ParameterizedTypeTree) t).getType());
        return t.toString();
    }

    /** How a Java programmer names the type, for messages: Tensor, int, List<Tensor> ... */
    static String name(Type t) {
        if (t == null) return "nothing";
        if (t instanceof Type.TensorType) return "Tensor";
        if (t == Type.BOOL) return "boolean";
        if (t == Type.STR) return "String";
        if (t == Type.NONE) return "null";
        if (t instanceof Type.ListType) return "List<" + boxed(((Type.ListType) t).element) + ">";
        if (t instanceof Type.DictType) return "Map<" + boxed(((Type.DictType) t).key) + ", " + boxed(((Type.DictType) t).value) + ">";
        if (t instanceof Type.OptionalType) return "Optional<" + boxed(((Type.OptionalType) t).element) + ">";
        if (t instanceof Type.ClassType) return ((Type.ClassType) t).name;
        if (t instanceof Type.EnumType) return ((Type.EnumType) t).name;
        if (t instanceof Type.TupleType && ((Type.TupleType) t).recordName != null) return ((Type.TupleType) t).recordName;
        return t.print();
    }

    static String boxed(Type t) {
        if (t == Type.INT) return "Integer";
        if (t == Type.SHORT) return "Short";
        if (t == Type.BYTE) return "Byte";
        if (t == Type.LONG) return "Long";
        if (t == Type.FLOAT) return "Float";
        if (t == Type.DOUBLE) return "Double";
        if (t == Type.BOOL) return "Boolean";
        return name(t);
    }

    /** "a Tensor", "an int" for messages. */
    static String article(Type t) {
        String n = name(t);
        return ("aeiouAEIOU".indexOf(n.charAt(0)) >= 0 ? "an " : "a ") + n;
    }

    /** Java's binary numeric promotion (byte and short promote to int). */
    static Type promote(Type a, Type b) {
        if (a == Type.DOUBLE || b == Type.DOUBLE) return Type.DOUBLE;
        if (a == Type.FLOAT || b == Type.FLOAT) return Type.FLOAT;
        if (a == Type.LONG || b == Type.LONG) return Type.LONG;
        return Type.INT;
    }

    /** Whether Java converts a value of {@code from} to {@code to} implicitly (assignment conversion). */
    static boolean assignable(Type from, Type to) {
        if (to.accepts(from) || from.equals(to)) return true;
        if (to.isTensor() && from.isTensor()) return true;
        if (from == Type.NONE) return !to.isNumber() && to != Type.BOOL;
        if (to instanceof Type.OptionalType) return assignable(from, ((Type.OptionalType) to).element);
        if (from.isNumber() && to.isNumber()) return rank(from) <= rank(to);
        if (from instanceof Type.ListType && to instanceof Type.ListType) {
            return ((Type.ListType) from).element == Type.ANY || assignable(((Type.ListType) from).element, ((Type.ListType) to).element)
                    && assignable(((Type.ListType) to).element, ((Type.ListType) from).element);
        }
        if (from instanceof Type.DictType && to instanceof Type.DictType) {
            Type.DictType f = (Type.DictType) from;
            return f.key == Type.ANY || f.equals(to);
        }
        return false;
    }

    /** Widening order of Java's primitive numbers (char is outside the subset). */
    private static int rank(Type t) {
        if (t == Type.BYTE) return 0;
        if (t == Type.SHORT) return 1;
        if (t == Type.INT) return 2;
        if (t == Type.LONG) return 3;
        if (t == Type.FLOAT) return 4;
        return 5;
    }
}
