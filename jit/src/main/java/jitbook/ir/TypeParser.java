package jitbook.ir;

import java.util.ArrayList;
import java.util.List;

import jitbook.ops.DType;

/** Reads the printed form of {@link Type}s. */
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
        Type t = primary(lx);
        while (lx.accept("?")) t = new Type.OptionalType(t);
        return t;
    }

    private static Type primary(IrLexer lx) {
        if (lx.accept("(")) {
            List<Type> elems = new ArrayList<>();
            if (!lx.accept(")")) {
                do {
                    if (lx.lookingAt(")")) break;
                    elems.add(parse(lx));
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
                Type e = parse(lx);
                lx.expect("]");
                return new Type.ListType(e);
            }
            case "Dict": {
                lx.expect("[");
                Type k = parse(lx);
                lx.expect(",");
                Type v = parse(lx);
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
