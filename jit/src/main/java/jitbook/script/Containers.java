package jitbook.script;

import java.util.List;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;

import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * Lists, maps, strings and Optionals in scripted code: their creation ({@code new ArrayList<>()},
 * {@code List.of}, {@code Map.of}, {@code Optional.of}) and the methods of the subset, lowered to
 * the registry's {@code list::}, {@code dict::} and {@code str::} ops.
 */
final class Containers {
    private final Lowering lw;
    private final Calls calls;

    Containers(Lowering lw, Calls calls) {
        this.lw = lw;
        this.calls = calls;
    }

    Value newContainer(NewClassTree n, String cls, Type expected) {
        if (!n.getArguments().isEmpty()) throw lw.error(n, "new " + cls + "(...) with arguments is not in the script subset; start empty");
        Type t = expected;
        if (n.getIdentifier() instanceof ParameterizedTypeTree && !((ParameterizedTypeTree) n.getIdentifier()).getTypeArguments().isEmpty()) {
            t = lw.types.resolve(n.getIdentifier());
        }
        boolean list = cls.equals("ArrayList");
        if (t == null || list && !(t instanceof Type.ListType) || !list && !(t instanceof Type.DictType)) {
            throw lw.error(n, "cannot tell the element type of new " + cls + "<>(); declare the variable with its type, e.g. "
                    + (list ? "List<Tensor> xs = new ArrayList<>();" : "Map<String, Tensor> m = new HashMap<>();"));
        }
        if (cls.equals("HashMap")) return lw.emit(OpNames.DICT_NEW, t, lw.constant(false, Type.BOOL)); // Java's hash order
        return lw.emit(list ? OpNames.LIST_NEW : OpNames.DICT_NEW, t);
    }

    Value staticCall(MethodInvocationTree m, String cls, String name, Type expected) {
        List<Value> args = calls.args(m);
        switch (cls + "." + name) {
            case "List.of": {
                Type elem = args.isEmpty() ? (expected instanceof Type.ListType ? ((Type.ListType) expected).element : null) : args.get(0).type();
                if (elem == null) throw lw.error(m, "cannot tell the element type of List.of(); declare the variable's type");
                if (elem.isTensor()) elem = Type.TENSOR;
                Value[] vs = new Value[args.size()];
                for (int i = 0; i < vs.length; i++) vs[i] = lw.coerce(args.get(i), elem, m, "element " + i + " of List.of");
                Type lt = new Type.ListType(elem);
                return lw.emit(OpNames.LIST_COPY_OF, lt, lw.emit(Prim.LIST_CONSTRUCT, lt, vs)); // unmodifiable, as Java's
            }
            case "List.copyOf":
                return lw.emit(OpNames.LIST_COPY_OF, args.get(0).type(), args.get(0));
            case "Map.of": {
                if (args.size() % 2 != 0) throw lw.error(m, "Map.of takes keys and values in pairs");
                Type k = args.isEmpty() ? ((Type.DictType) expected).key : args.get(0).type();
                Type v = args.isEmpty() ? ((Type.DictType) expected).value : args.get(1).type();
                if (v.isTensor()) v = Type.TENSOR;
                Value[] keys = new Value[args.size() / 2];
                Value[] values = new Value[args.size() / 2];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = lw.coerce(args.get(2 * i), k, m, "key " + i + " of Map.of");
                    values[i] = lw.coerce(args.get(2 * i + 1), v, m, "value " + i + " of Map.of");
                }
                // Unmodifiable, refusing duplicate keys, as Java's Map.of is.
                return lw.emit(OpNames.DICT_OF, new Type.DictType(k, v), lw.emit(Prim.LIST_CONSTRUCT, new Type.ListType(k), keys),
                        lw.emit(Prim.LIST_CONSTRUCT, new Type.ListType(v), values));
            }
            case "Optional.of":
            case "Optional.ofNullable":
                return lw.emit(Prim.UNCHECKED_CAST, new Type.OptionalType(args.get(0).type()), args.get(0));
            case "Optional.empty":
                return expected instanceof Type.OptionalType ? lw.emit(Prim.UNCHECKED_CAST, expected, lw.none()) : lw.none();
            default:
                throw lw.error(m, cls + "." + name + " is not in the script subset");
        }
    }

    Value instanceCall(MethodInvocationTree m, Value self, String name, Type expected) {
        List<Value> args = calls.args(m);
        Type t = self.type();
        if (t instanceof Type.ListType) return listCall(m, self, ((Type.ListType) t).element, name, args);
        if (t instanceof Type.DictType) return dictCall(m, self, (Type.DictType) t, name, args);
        if (t == Type.STR) return stringCall(m, self, name, args);
        return optionalCall(m, self, ((Type.OptionalType) t).element, name, args);
    }

    private Value listCall(MethodInvocationTree m, Value self, Type elem, String name, List<Value> args) {
        switch (name + "/" + args.size()) {
            case "add/1":
                return lw.emit(OpNames.LIST_ADD, Type.BOOL, self, lw.coerce(args.get(0), elem, m, "the element"));
            case "add/2":
                lw.emit(OpNames.LIST_INSERT, Type.NONE, self, index(args.get(0), m), lw.coerce(args.get(1), elem, m, "the element"));
                return lw.none();
            case "get/1":
                return lw.emit(OpNames.LIST_GET, elem, self, index(args.get(0), m));
            case "set/2":
                return lw.emit(OpNames.LIST_SET, elem, self, index(args.get(0), m), lw.coerce(args.get(1), elem, m, "the element"));
            case "remove/1":
                if (!args.get(0).type().isIntegral()) throw lw.error(m, "only List.remove(int index) is in the script subset");
                return lw.emit(OpNames.LIST_REMOVE_AT, elem, self, index(args.get(0), m));
            case "size/0":
                return lw.emit(OpNames.LIST_SIZE, Type.INT, self);
            case "isEmpty/0":
                return lw.emit(OpNames.LIST_IS_EMPTY, Type.BOOL, self);
            case "contains/1":
                return lw.emit(OpNames.LIST_CONTAINS, Type.BOOL, self, args.get(0));
            default:
                throw lw.error(m, "List." + name + " with " + args.size() + " arguments is not in the script subset"
                        + Calls.suggestions(name, List.of("add", "get", "set", "remove", "size", "isEmpty", "contains")));
        }
    }

    private Value index(Value v, MethodInvocationTree m) {
        if (!v.type().isIntegral()) throw lw.error(m, "a list index must be an int, not " + ScriptTypes.article(v.type()));
        return v;
    }

    private Value dictCall(MethodInvocationTree m, Value self, Type.DictType t, String name, List<Value> args) {
        switch (name + "/" + args.size()) {
            case "put/2":
                lw.emit(OpNames.DICT_PUT, new Type.OptionalType(t.value), self, key(args.get(0), t, m), lw.coerce(args.get(1), t.value, m, "the value"));
                return lw.none();
            case "get/1":
                // A missing key gives null, as Java's Map.get does.
                return lw.emit(OpNames.DICT_GET_OR_DEFAULT, t.value, self, key(args.get(0), t, m), lw.none());
            case "getOrDefault/2":
                return lw.emit(OpNames.DICT_GET_OR_DEFAULT, t.value, self, key(args.get(0), t, m), lw.coerce(args.get(1), t.value, m, "the default"));
            case "containsKey/1":
                return lw.emit(OpNames.DICT_CONTAINS_KEY, Type.BOOL, self, key(args.get(0), t, m));
            case "remove/1":
                lw.emit(OpNames.DICT_REMOVE, new Type.OptionalType(t.value), self, key(args.get(0), t, m));
                return lw.none();
            case "size/0":
                return lw.emit(OpNames.DICT_SIZE, Type.INT, self);
            case "isEmpty/0":
                return lw.emit(OpNames.DICT_IS_EMPTY, Type.BOOL, self);
            case "keySet/0":
                return lw.emit(OpNames.DICT_KEYS, new Type.ListType(t.key), self);
            case "values/0":
                return lw.emit(OpNames.DICT_VALUES, new Type.ListType(t.value), self);
            case "entrySet/0":
                return lw.emit(OpNames.DICT_ITEMS, new Type.ListType(ScriptTypes.entryType(t.key, t.value)), self);
            default:
                throw lw.error(m, "Map." + name + " with " + args.size() + " arguments is not in the script subset"
                        + Calls.suggestions(name, List.of("put", "get", "getOrDefault", "containsKey", "remove", "size", "isEmpty", "keySet", "values")));
        }
    }

    private Value key(Value v, Type.DictType t, MethodInvocationTree m) {
        return lw.coerce(v, t.key, m, "the key");
    }

    private Value stringCall(MethodInvocationTree m, Value self, String name, List<Value> args) {
        switch (name + "/" + args.size()) {
            case "length/0": return lw.emit(OpNames.STR_LENGTH, Type.INT, self);
            case "equals/1": return lw.emit(OpNames.STR_EQUALS, Type.BOOL, self, args.get(0));
            default: throw lw.error(m, "String." + name + " is not in the script subset (length, equals and + are)");
        }
    }

    private Value optionalCall(MethodInvocationTree m, Value self, Type elem, String name, List<Value> args) {
        switch (name + "/" + args.size()) {
            case "isPresent/0": return lw.emit(OpNames.SCALAR_NE, Type.BOOL, self, lw.none());
            case "isEmpty/0": return lw.emit(OpNames.SCALAR_EQ, Type.BOOL, self, lw.none());
            case "get/0":
            case "orElseThrow/0":
                return lw.emit(Prim.UNCHECKED_CAST, elem, self);
            default: throw lw.error(m, "Optional." + name + " is not in the script subset (isPresent, isEmpty, get are; or test != null)");
        }
    }
}
