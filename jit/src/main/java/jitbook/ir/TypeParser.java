package jitbook.ir;

import java.util.ArrayList;
import java.util.List;

import jitbook.ops.DType;

/**
 * Reads the printed form of {@link Type}s. Types nest at most {@link Type#MAX_NESTING} deep, checked
 * before each level is read, since the parser (and every later walk of a type) recurses per level.
 */
final class TypeParser {
    private TypeParser() {
    }

    static Type parse(String text) {
        IrLexer lx = new IrLexer(text);
        Type t = parse(lx);
        if (!lx.atEnd()) throw lx.error("unexpected text after type");
        return t;
    }

    static Type parse(IrLexer lx) {
        return parse(lx, 0);
    }

    private static Type parse(IrLexer lx, int depth) {
        if (depth > Type.MAX_NESTING) throw lx.error("types are nested more than " + Type.MAX_NESTING + " deep");
        Type t = primary(lx, depth);
        // T?? is T?, as Optional[Optional[T]] is Optional[T] in TorchScript.
        while (lx.accept("?")) {
            if (!(t instanceof Type.OptionalType)) t = new Type.OptionalType(t);
        }
        return t;
    }

    private static Type primary(IrLexer lx, int depth) {
        if (lx.accept("(")) {
            List<Type> elems = new ArrayList<>();
            if (!lx.accept(")")) {
                do {
                    if (lx.lookingAt(")")) break;
                    elems.add(parse(lx, depth + 1));
                } while (lx.accept(","));
                lx.expect(")");
            }
            return new Type.TupleType(elems);
        }
        String name = lx.ident();
        for (Type.Simple s : Type.SIMPLE) {
            if (s.print().equals(name)) return s;
        }
        switch (name) {
            case "List": {
                lx.expect("[");
                Type e = parse(lx, depth + 1);
                lx.expect("]");
                return new Type.ListType(e);
            }
            case "Dict": {
                lx.expect("[");
                Type k = parse(lx, depth + 1);
                lx.expect(",");
                Type v = parse(lx, depth + 1);
                lx.expect("]");
                return new Type.DictType(k, v);
            }
            case "Tensor":
                return lx.lookingAt("(") ? tensorShape(lx, null) : Type.TENSOR;
            case "Enum": {
                lx.expect("<");
                String e = lx.ident();
                lx.expect(">");
                return new Type.EnumType(e);
            }
            default:
                break;
        }
        if (name.startsWith(Type.ClassType.PREFIX)) {
            return new Type.ClassType(name.substring(Type.ClassType.PREFIX.length()));
        }
        for (DType d : DType.values()) {
            if (d.irName().equals(name)) {
                return tensorShape(lx, d);
            }
        }
        throw lx.error("unknown type '" + name + "'");
    }

    private static Type tensorShape(IrLexer lx, DType dtype) {
        lx.expect("(");
        if (lx.accept("*")) {
            lx.expect(")");
            return new Type.TensorType(dtype, null);
        }
        List<Long> dims = new ArrayList<>();
        if (!lx.accept(")")) {
            do {
                if (lx.accept("?")) {
                    dims.add(-1L);
                } else {
                    Number n = lx.number();
                    if (!(n instanceof Long) || n.longValue() < 0) throw lx.error("a tensor dimension must be a non-negative integer");
                    dims.add(n.longValue());
                }
            } while (lx.accept(","));
            lx.expect(")");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i);
        return new Type.TensorType(dtype, shape);
    }
}
