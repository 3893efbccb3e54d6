package jitbook.ir;

import java.util.List;

import jitbook.ops.ArgType;
import jitbook.ops.NdArray;
import jitbook.ops.Schema;

/**
 * The {@link Verifier}'s check that every type annotation agrees with what produces or reads the
 * value: a registry op's inputs and output against its schema, a constant's declared type against
 * its value, If and Loop conditions are bools, loop counters integers, list/tuple construction and
 * unpacking match their element types, and attribute reads and method calls go through objects.
 * The interpreter trusts annotations (a scalar slot is unboxed as its declared type), so a file
 * that says {@code %z : Tensor = prim::Constant[value=0.0]()} must be refused at load, not fail
 * somewhere inside a call. Judged by kind (tensor, number, bool, str, list, tuple, object), with
 * {@code Any} admitted everywhere, as the interpreter's values are.
 */
final class TypeAnnotations {
    private TypeAnnotations() {
    }

    /** The reason {@code n}'s annotations are wrong, or null when they are right. */
    static String problem(Node n, Schema schema) {
        if (schema != null) return op(n, schema);
        if (n.prim() == null) return null;
        switch (n.prim()) {
            case CONSTANT: return constant(n);
            case IF: return n.inputs().isEmpty() ? null : condition(n.input(0), "the condition of prim::If");
            case LOOP: return loop(n);
            case LIST_CONSTRUCT: return listConstruct(n);
            case LIST_UNPACK: return listUnpack(n);
            case TUPLE_CONSTRUCT: return tupleConstruct(n);
            case TUPLE_UNPACK: return tupleUnpack(n);
            case TUPLE_INDEX: return tupleIndex(n);
            case UNCHECKED_CAST: return uncheckedCast(n);
            case DICT_CONSTRUCT: return n.outputs().size() != 1 ? null : container(n.output(), Type.DictType.class, "a Dict");
            case GET_ATTR:
            case SET_ATTR:
            case CALL_METHOD: return n.inputs().isEmpty() ? null : container(n.input(0), Type.ClassType.class, "an object");
            default: return null;
        }
    }

    private static String op(Node n, Schema s) {
        for (int i = 0; i < n.inputs().size() && i < s.arity(); i++) {
            Value in = n.input(i);
            if (!admits(s.params().get(i).type, in.type())) {
                String want = s.params().get(i).type.spelling();
                return "argument '" + s.params().get(i).name + "' of " + n.kind() + " must be " + ("aeiou".indexOf(want.charAt(0)) >= 0 ? "an " : "a ")
                        + want + ", got %" + in.name() + " : " + in.type().print();
            }
        }
        for (Value out : n.outputs()) {
            if (!admits(s.result(), out.type()) && !(s.result() == ArgType.NONE && out.type() == Type.NONE)) {
                return "%" + out.name() + " is declared " + out.type().print() + " but " + n.kind() + " returns " + s.result().spelling();
            }
        }
        return null;
    }

    /** Whether a value of IR type {@code t} may be passed where a schema says {@code want}. */
    static boolean admits(ArgType want, Type t) {
        if (t == Type.ANY || want == ArgType.ANY) return true;
        if (t instanceof Type.OptionalType && optional(want)) return admits(want, ((Type.OptionalType) t).element);
        switch (want) {
            case TENSOR: return t.isTensor();
            case OPTIONAL_TENSOR: return t.isTensor() || t == Type.NONE;
            case TENSOR_OR_SCALAR: return t.isTensor() || t.isNumber() || t == Type.BOOL;
            case TENSOR_LIST: return t instanceof Type.ListType && (elementOf(t).isTensor() || elementOf(t) == Type.ANY);
            case SCALAR: return t.isNumber() || t == Type.BOOL;
            case INT: return t.isIntegral();
            case OPTIONAL_INT: return t.isIntegral() || t == Type.NONE;
            case INT_LIST: return intList(t);
            case OPTIONAL_INT_LIST: return intList(t) || t == Type.NONE;
            case FLOAT: return t.isNumber();
            case BOOL: return t == Type.BOOL;
            case STR: return t == Type.STR;
            case NONE: return t == Type.NONE;
            default: return true;
        }
    }

    private static boolean optional(ArgType want) {
        return want == ArgType.OPTIONAL_TENSOR || want == ArgType.OPTIONAL_INT || want == ArgType.OPTIONAL_INT_LIST;
    }

    /** An int list, or one int (PyTorch's {@code int[1]}: {@code sum(x, 1)} means {@code sum(x, [1])}). */
    private static boolean intList(Type t) {
        if (t.isIntegral()) return true;
        if (t instanceof Type.ListType) return elementOf(t).isIntegral() || elementOf(t) == Type.ANY;
        if (!(t instanceof Type.TupleType)) return false;
        for (Type e : ((Type.TupleType) t).elements) {
            if (!e.isIntegral() && e != Type.ANY) return false;
        }
        return true;
    }

    private static Type elementOf(Type list) {
        return ((Type.ListType) list).element;
    }

    private static String constant(Node n) {
        if (n.outputs().size() != 1) return null;
        Type t = n.output().type();
        Object v = n.attr(Node.VALUE);
        if (t == Type.ANY || t instanceof Type.OptionalType && v == null) return null;
        if (t instanceof Type.OptionalType) t = ((Type.OptionalType) t).element;
        boolean ok;
        if (v == null) {
            ok = t == Type.NONE;
        } else if (t == Type.BOOL) {
            ok = v instanceof Boolean;
        } else if (t.isIntegral()) {
            ok = v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
        } else if (t.isNumber()) {
            ok = v instanceof Number;
        } else if (t == Type.STR) {
            ok = v instanceof String;
        } else if (t.isTensor()) {
            ok = v instanceof NdArray;
        } else if (t instanceof Type.ListType) {
            ok = v instanceof long[] || v instanceof double[] || v instanceof List;
        } else {
            ok = !(v instanceof NdArray) || t == Type.ANY;
        }
        return ok ? null : "%" + n.output().name() + " is declared " + n.output().type().print() + " but the constant is " + describe(v);
    }

    private static String describe(Object v) {
        if (v == null) return "None";
        if (v instanceof NdArray) return "a tensor";
        if (v instanceof Boolean) return "the bool " + v;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return "the integer " + v;
        if (v instanceof Number) return "the number " + v;
        if (v instanceof String) return "a string";
        return "a list";
    }

    /**
     * A bool, or a tensor of one element (its truth value, as in eager {@code if (t.item() != 0)};
     * format 1.0 files hold such conditions). A tensor declared with another element count can
     * never be a condition; one of unknown shape is checked when it arrives.
     */
    private static String condition(Value v, String what) {
        Type t = v.type();
        if (t == Type.BOOL || t == Type.ANY) return null;
        if (t.isTensor()) {
            long[] shape = ((Type.TensorType) t).shape;
            if (shape == null || oneElement(shape)) return null;
        }
        return what + " must be a bool (or a one-element tensor), but %" + v.name() + " is " + t.print();
    }

    private static boolean oneElement(long[] shape) {
        for (long d : shape) {
            if (d != 1 && d != -1) return false;
        }
        return true;
    }

    private static String loop(Node n) {
        if (n.inputs().size() < 2 || n.blocks().size() != 1) return null;
        Value trips = n.input(0);
        if (!trips.type().isIntegral() && trips.type() != Type.ANY && trips.type() != Type.NONE) {
            return "the trip count of prim::Loop must be an int or long, but %" + trips.name() + " is " + trips.type().print();
        }
        String c = condition(n.input(1), "the condition of prim::Loop");
        if (c != null) return c;
        Block body = n.blocks().get(0);
        if (!body.params().isEmpty()) {
            Value i = body.params().get(0);
            if (!i.type().isIntegral() && i.type() != Type.ANY) {
                return "the loop counter %" + i.name() + " must be an int or long, but it is " + i.type().print();
            }
        }
        if (!body.returns().isEmpty()) {
            c = condition(body.returns().get(0), "the continue condition a loop body returns");
            if (c != null) return c;
        }
        for (int k = 0; k + 2 < n.inputs().size(); k++) {
            Value in = n.input(k + 2);
            if (k + 1 < body.params().size() && !compatible(body.params().get(k + 1).type(), in.type())) {
                return mismatch("loop-carried value", body.params().get(k + 1), in);
            }
        }
        return null;
    }

    private static String listConstruct(Node n) {
        if (n.outputs().size() != 1) return null;
        Type t = n.output().type();
        if (t == Type.ANY) return null;
        if (!(t instanceof Type.ListType)) return "%" + n.output().name() + " is declared " + t.print() + " but prim::ListConstruct makes a List";
        for (Value in : n.inputs()) {
            if (!compatible(elementOf(t), in.type())) return mismatch("list element", n.output(), in);
        }
        return null;
    }

    private static String listUnpack(Node n) {
        if (n.inputs().size() != 1) return null;
        Type t = n.input(0).type();
        if (t == Type.ANY) return null;
        if (!(t instanceof Type.ListType)) return "prim::ListUnpack needs a List, but %" + n.input(0).name() + " is " + t.print();
        for (Value out : n.outputs()) {
            if (!compatible(out.type(), elementOf(t))) return mismatch("list element", out, n.input(0));
        }
        return null;
    }

    private static String tupleConstruct(Node n) {
        if (n.outputs().size() != 1 || n.output().type() == Type.ANY) return null;
        Type t = n.output().type();
        if (!(t instanceof Type.TupleType) || ((Type.TupleType) t).elements.size() != n.inputs().size()) {
            return "%" + n.output().name() + " is declared " + t.print() + " but prim::TupleConstruct makes a tuple of " + n.inputs().size();
        }
        for (int i = 0; i < n.inputs().size(); i++) {
            if (!compatible(((Type.TupleType) t).elements.get(i), n.input(i).type())) return mismatch("tuple element", n.output(), n.input(i));
        }
        return null;
    }

    private static String tupleUnpack(Node n) {
        if (n.inputs().size() != 1 || n.input(0).type() == Type.ANY) return null;
        Type t = n.input(0).type();
        if (!(t instanceof Type.TupleType) || ((Type.TupleType) t).elements.size() != n.outputs().size()) {
            return "prim::TupleUnpack into " + n.outputs().size() + " values needs a tuple of as many, but %" + n.input(0).name()
                    + " is " + t.print();
        }
        for (int i = 0; i < n.outputs().size(); i++) {
            if (!compatible(n.outputs().get(i).type(), ((Type.TupleType) t).elements.get(i))) {
                return mismatch("tuple element", n.outputs().get(i), n.input(0));
            }
        }
        return null;
    }

    /** The element read must be of its declared type: the one at a constant index, or one of the elements. */
    private static String tupleIndex(Node n) {
        if (n.inputs().isEmpty()) return null;
        String notTuple = container(n.input(0), Type.TupleType.class, "a tuple");
        if (notTuple != null || n.input(0).type() == Type.ANY || n.outputs().size() != 1) return notTuple;
        List<Type> elements = ((Type.TupleType) n.input(0).type()).elements;
        if (n.inputs().size() > 1 && !n.input(1).type().isIntegral() && n.input(1).type() != Type.ANY) {
            return "the index of prim::TupleIndex must be an int, but %" + n.input(1).name() + " is " + n.input(1).type().print();
        }
        Node index = n.inputs().size() > 1 ? n.input(1).producer() : null;
        Object at = index != null && index.is(Prim.CONSTANT) ? index.attr(Node.VALUE) : null;
        Value out = n.output();
        if (at instanceof Number) {
            long i = ((Number) at).longValue();
            if (i < 0 || i >= elements.size()) {
                return "index " + i + " is outside the tuple %" + n.input(0).name() + " : " + n.input(0).type().print();
            }
            return compatible(out.type(), elements.get((int) i)) ? null
                    : "%" + out.name() + " is declared " + out.type().print() + " but element " + i + " of %" + n.input(0).name() + " is "
                            + elements.get((int) i).print();
        }
        for (Type e : elements) {
            if (compatible(out.type(), e)) return null;
        }
        return "%" + out.name() + " is declared " + out.type().print() + " but no element of %" + n.input(0).name() + " : "
                + n.input(0).type().print() + " is";
    }

    /** A cast narrows (an Optional to its element, Any or None to a type), never changes a value's kind. */
    private static String uncheckedCast(Node n) {
        if (n.inputs().size() != 1 || n.outputs().size() != 1) return null;
        if (n.input(0).type() == Type.NONE || compatible(n.output().type(), n.input(0).type())) return null;
        return "prim::unchecked_cast cannot make %" + n.input(0).name() + " : " + n.input(0).type().print() + " into "
                + n.output().type().print();
    }

    private static String container(Value v, Class<? extends Type> kind, String what) {
        return kind.isInstance(v.type()) || v.type() == Type.ANY ? null : "%" + v.name() + " must be " + what + ", but it is " + v.type().print();
    }

    private static String mismatch(String what, Value declared, Value given) {
        return "the " + what + " %" + given.name() + " is " + given.type().print() + " where %" + declared.name() + " is declared "
                + declared.type().print();
    }

    /** Same kind: either type accepts the other, or both are tensors (shapes are the shape rules' business). */
    static boolean compatible(Type want, Type got) {
        if (want.accepts(got) || got.accepts(want)) return true;
        if (want.isTensor() && got.isTensor()) return true;
        if (want instanceof Type.ListType && got instanceof Type.ListType) {
            return compatible(((Type.ListType) want).element, ((Type.ListType) got).element);
        }
        if (want instanceof Type.DictType && got instanceof Type.DictType) {
            Type.DictType w = (Type.DictType) want;
            Type.DictType g = (Type.DictType) got;
            return compatible(w.key, g.key) && compatible(w.value, g.value);
        }
        if (want instanceof Type.OptionalType) return compatible(((Type.OptionalType) want).element, got);
        if (got instanceof Type.OptionalType) return compatible(want, ((Type.OptionalType) got).element);
        return false;
    }
}
