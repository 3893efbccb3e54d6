package jitbook.jit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Type;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;

/**
 * Converts between what users pass and get back (tensors, boxed numbers, lists, maps) and the
 * interpreter's runtime form (storage arrays for tensors). Results are always fresh containers,
 * so a caller can keep or mutate them.
 */
final class RuntimeValues {
    private RuntimeValues() {
    }

    static Object toRuntime(Object v) {
        if (v instanceof Tensor) return ((Tensor) v).array();
        if (v instanceof Enum) return jitbook.ops.EnumValue.of((Enum<?>) v);
        if (v instanceof Tensor[]) {
            List<Object> l = new ArrayList<>();
            for (Tensor t : (Tensor[]) v) l.add(t.array());
            return l;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object e : (List<?>) v) l.add(toRuntime(e));
            return l;
        }
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) m.put(toRuntime(e.getKey()), toRuntime(e.getValue()));
            return m;
        }
        return v;
    }

    static Object fromRuntime(Object v, Type t) {
        if (v instanceof NdArray) return Tensor.fromArray((NdArray) v);
        if (v instanceof List) {
            Type elem = t instanceof Type.ListType ? ((Type.ListType) t).element : Type.ANY;
            List<Object> l = new ArrayList<>();
            for (Object e : (List<?>) v) l.add(fromRuntime(e, elem));
            return l;
        }
        if (v instanceof Map) {
            Type vt = t instanceof Type.DictType ? ((Type.DictType) t).value : Type.ANY;
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) m.put(e.getKey(), fromRuntime(e.getValue(), vt));
            return m;
        }
        if (v instanceof Object[]) {
            Object[] a = (Object[]) v;
            Object[] out = new Object[a.length];
            for (int i = 0; i < a.length; i++) {
                Type et = t instanceof Type.TupleType && i < ((Type.TupleType) t).elements.size() ? ((Type.TupleType) t).elements.get(i) : Type.ANY;
                out[i] = fromRuntime(a[i], et);
            }
            return out;
        }
        return v;
    }
}
