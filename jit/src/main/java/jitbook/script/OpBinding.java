package jitbook.script;

import java.util.ArrayList;
import java.util.List;

import com.sun.source.tree.Tree;

import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.ArgType;
import jitbook.ops.OpDef;
import jitbook.ops.Schema;

/**
 * Binds call arguments to a registry op's schema, as the eager {@code Tensor} methods would
 * pass them: whole numbers given for {@code Tensor|Scalar} parameters become longs and others
 * doubles (the Java methods' {@code long} and {@code double} overloads), a single int for an {@code int[]} parameter becomes a
 * one-element list, trailing ints for a last list parameter are packed (varargs such as
 * {@code reshape(2, 3)}), and left-out parameters get their schema defaults as constants.
 */
final class OpBinding {
    private final Lowering lw;

    OpBinding(Lowering lw) {
        this.lw = lw;
    }

    Value emit(OpDef op, List<Value> args, Tree where, Type resultType) {
        Schema s = op.schema();
        List<Schema.Param> ps = s.params();
        List<Value> bound = new ArrayList<>();
        int a = 0;
        for (int p = 0; p < ps.size(); p++) {
            Schema.Param param = ps.get(p);
            boolean lastList = isList(param.type) && remainingRequired(ps, p + 1) == 0;
            if (a >= args.size()) {
                if (lastList && !param.hasDefault && param.type == ArgType.INT_LIST) {
                    // Java varargs given no values: Tensors.zeros() is a 0-d tensor.
                    bound.add(lw.emit(Prim.LIST_CONSTRUCT, new Type.ListType(Type.INT)));
                    continue;
                }
                if (!param.hasDefault) {
                    throw lw.error(where, op.schema().methodName() + " needs the argument '" + param.name + "' (" + s + ")");
                }
                bound.add(defaultValue(param));
                continue;
            }
            if (lastList && args.size() - a > 1 && args.get(a).type().isIntegral()) {
                List<Value> items = new ArrayList<>();
                while (a < args.size() && args.get(a).type().isIntegral()) items.add(args.get(a++));
                bound.add(intList(items));
                continue;
            }
            bound.add(convert(param, args.get(a++), op, where));
        }
        if (a < args.size()) {
            throw lw.error(where, op.schema().methodName() + " takes at most " + ps.size() + " arguments (" + s + "), got " + args.size());
        }
        Type out = resultType != null ? resultType : resultOf(s.result());
        return lw.emit(op.name(), out, bound.toArray(new Value[0]));
    }

    /**
     * A list of sizes or dims as Java passes them to a {@code long...} parameter: a {@code long}
     * among the items makes it a list of longs, so no size is cut to 32 bits.
     */
    private Value intList(List<Value> items) {
        Type elem = Type.INT;
        for (Value v : items) if (v.type() == Type.LONG) elem = Type.LONG;
        Value[] vs = new Value[items.size()];
        for (int i = 0; i < vs.length; i++) vs[i] = lw.convertNumber(items.get(i), elem);
        return lw.emit(Prim.LIST_CONSTRUCT, new Type.ListType(elem), vs);
    }

    private static int remainingRequired(List<Schema.Param> ps, int from) {
        int n = 0;
        for (int i = from; i < ps.size(); i++) if (!ps.get(i).hasDefault) n++;
        return n;
    }

    private static boolean isList(ArgType t) {
        return t == ArgType.INT_LIST || t == ArgType.OPTIONAL_INT_LIST;
    }

    private Value convert(Schema.Param param, Value v, OpDef op, Tree where) {
        Type t = v.type();
        String what = "argument '" + param.name + "' of " + op.schema().methodName();
        switch (param.type) {
            case TENSOR:
                if (!t.isTensor()) throw lw.error(where, what + " must be a Tensor, not " + ScriptTypes.article(t));
                return v;
            case TENSOR_OR_SCALAR:
                if (t.isTensor()) return v;
                // a whole number stays one (Tensor's long overloads): int64 tensor + 1 is int64, as in PyTorch
                if (t.isIntegral()) return lw.convertNumber(v, Type.LONG);
                if (t.isNumber()) return lw.convertNumber(v, Type.DOUBLE);
                if (t == Type.BOOL) return v;
                throw lw.error(where, what + " must be a Tensor or a number, not " + ScriptTypes.article(t));
            case SCALAR:
            case FLOAT:
                if (t.isNumber()) return param.type == ArgType.FLOAT ? lw.convertNumber(v, Type.DOUBLE) : v;
                throw lw.error(where, what + " must be a number, not " + ScriptTypes.article(t));
            case INT:
                if (t.isIntegral()) return v;
                throw lw.error(where, what + " must be an int, not " + ScriptTypes.article(t));
            case OPTIONAL_INT:
                if (t.isIntegral() || t == Type.NONE) return v;
                throw lw.error(where, what + " must be an int or null, not " + ScriptTypes.article(t));
            case INT_LIST:
            case OPTIONAL_INT_LIST:
                if (t.isIntegral()) return intList(List.of(v));
                if (t instanceof Type.ListType && ((Type.ListType) t).element.isIntegral() || t == Type.NONE && param.type == ArgType.OPTIONAL_INT_LIST) {
                    return v;
                }
                throw lw.error(where, what + " must be a list of ints, not " + ScriptTypes.article(t));
            case BOOL:
                if (t == Type.BOOL) return v;
                throw lw.error(where, what + " must be a boolean, not " + ScriptTypes.article(t));
            case STR:
                if (t == Type.STR) return v;
                throw lw.error(where, what + " must be a String, not " + ScriptTypes.article(t));
            case TENSOR_LIST:
                if (t instanceof Type.ListType && ((Type.ListType) t).element.isTensor()) return v;
                throw lw.error(where, what + " must be a List<Tensor>, not " + ScriptTypes.article(t));
            case OPTIONAL_TENSOR:
                if (t.isTensor() || t == Type.NONE || t instanceof Type.OptionalType) return v;
                throw lw.error(where, what + " must be a Tensor or null, not " + ScriptTypes.article(t));
            default:
                return v;
        }
    }

    private Value defaultValue(Schema.Param p) {
        Object d = p.defaultValue;
        if (d == null) return lw.none();
        if (d instanceof Boolean) return lw.constant(d, Type.BOOL);
        if (d instanceof Long) return lw.constant(((Long) d).intValue(), Type.INT);
        if (d instanceof Double) return lw.constant(d, Type.DOUBLE);
        if (d instanceof String) return lw.constant(d, Type.STR);
        throw new IllegalStateException("unsupported default " + d + " for " + p);
    }

    static Type resultOf(ArgType t) {
        switch (t) {
            case TENSOR: return Type.TENSOR;
            case INT: return Type.LONG;
            case FLOAT: case SCALAR: return Type.DOUBLE;
            case BOOL: return Type.BOOL;
            case STR: return Type.STR;
            default: return Type.ANY;
        }
    }
}
