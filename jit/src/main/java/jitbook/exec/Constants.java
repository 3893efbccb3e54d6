package jitbook.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jitbook.ir.Node;
import jitbook.ir.Type;

/**
 * The runtime value of a {@code prim::Constant} node (None constants have no value attribute).
 * List constants are stored in the IR as {@code long[]}/{@code double[]}/{@code List}; at run
 * time they are unmodifiable lists of the element type's runtime form, like the lists
 * {@code prim::ListConstruct} builds (one object shared by every call, so never mutable).
 */
public final class Constants {
    private Constants() {
    }

    public static Object runtimeValue(Node n) {
        Object v = n.attr(Node.VALUE);
        Type t = n.outputs().size() == 1 ? n.output().type() : null;
        if (t instanceof Type.ListType && v != null) return listValue(v, ((Type.ListType) t).element);
        return t == null ? v : RuntimeTypes.coerce(v, t);
    }

    private static Object listValue(Object v, Type element) {
        List<Object> out = new ArrayList<>();
        if (v instanceof long[]) {
            for (long x : (long[]) v) out.add(RuntimeTypes.coerce(x, element));
        } else if (v instanceof double[]) {
            for (double x : (double[]) v) out.add(RuntimeTypes.coerce(x, element));
        } else if (v instanceof List) {
            for (Object x : (List<?>) v) out.add(RuntimeTypes.coerce(x, element));
        } else {
            return v;
        }
        return Collections.unmodifiableList(out);
    }
}
