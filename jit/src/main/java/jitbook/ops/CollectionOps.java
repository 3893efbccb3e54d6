package jitbook.ops;

import static jitbook.ops.OpTrait.FRESH;
import static jitbook.ops.OpTrait.MAY_THROW;
import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.OpTrait.SCALAR;
import static jitbook.ops.OpTrait.SIDE_EFFECT;
import static jitbook.ops.OpTrait.UNMODIFIABLE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists, maps and strings for scripted code: the {@code java.util.List}/{@code Map} methods of
 * the script subset and string concatenation. Mutating ops carry {@link OpTrait#SIDE_EFFECT}
 * and mark the container they change {@code (a!)} in their schemas (the optimizer neither removes
 * nor reorders them while the container is observed); the constructors are
 * {@link OpTrait#FRESH}; lookups that fail on a bad index or key are {@link OpTrait#MAY_THROW}; list
 * ops say how gradients pass through them ({@link ListGradient}). Lists are {@code ArrayList}s at run time
 * and maps {@code LinkedHashMap}s (insertion order) or, made by {@code new HashMap<>()}, {@code HashMap}s,
 * which iterate in the same order as the Java program's.
 */
final class CollectionOps {
    private CollectionOps() {
    }

    private static final String NOGRAD = "works on containers, not on tensor values";

    static void register(OpRegistry r) {
        listOp(r, ListGradient.CREATE, "list::new", "newList() -> Any", "A fresh empty list.", a -> new ArrayList<>(), FRESH);
        listOp(r, ListGradient.APPEND, "list::add", "add(Any(a!) self, Any value) -> bool", "Appends; returns true as List.add does.", a -> {
            list("list::add", a).add(a[1]);
            return true;
        }, SIDE_EFFECT);
        listOp(r, ListGradient.REFUSED, "list::insert", "insert(Any(a!) self, int index, Any value) -> NoneType", "List.add(index, value).", a -> {
            List<Object> l = list("list::insert", a);
            int i = index("list::insert", a, 1, l.size() + 1);
            l.add(i, a[2]);
            return null;
        }, SIDE_EFFECT, MAY_THROW);
        listOp(r, ListGradient.ELEMENT, "list::get", "get(Any self, int index) -> Any", "List.get; an index out of range is an error naming it.", a -> {
            List<Object> l = list("list::get", a);
            return l.get(index("list::get", a, 1, l.size()));
        }, PURE, MAY_THROW);
        listOp(r, ListGradient.REFUSED, "list::set", "set(Any(a!) self, int index, Any value) -> Any", "List.set; returns the old element.", a -> {
            List<Object> l = list("list::set", a);
            return l.set(index("list::set", a, 1, l.size()), a[2]);
        }, SIDE_EFFECT, MAY_THROW);
        listOp(r, ListGradient.REFUSED, "list::remove_at", "removeAt(Any(a!) self, int index) -> Any", "List.remove(int index).", a -> {
            List<Object> l = list("list::remove_at", a);
            return l.remove(index("list::remove_at", a, 1, l.size()));
        }, SIDE_EFFECT, MAY_THROW);
        listOp(r, ListGradient.LENGTH, "list::size", "size(Any self) -> int", "List.size.", a -> (long) list("list::size", a).size(), PURE);
        listOp(r, ListGradient.LENGTH, "list::is_empty", "isEmpty(Any self) -> bool", "List.isEmpty.", a -> list("list::is_empty", a).isEmpty(), PURE);
        listOp(r, ListGradient.REFUSED, "list::contains", "contains(Any self, Any value) -> bool", "List.contains.", a -> list("list::contains", a).contains(a[1]), PURE);
        listOp(r, ListGradient.REFUSED, "list::copy", "copyOf(Any self) -> Any", "List.copyOf, as a fresh mutable list.", a -> new ArrayList<>(list("list::copy", a)), PURE);

        // List.of / List.copyOf and Map.of give containers that refuse changes, as Java's do.
        listOp(r, ListGradient.REFUSED, "list::copy_of", "copyOf(Any self) -> Any",
                "List.of and List.copyOf: an unmodifiable copy (changing it throws); null elements are refused.", a -> {
                    List<Object> l = list("list::copy_of", a);
                    if (l.contains(null)) throw new OpException("list::copy_of", "List.of and List.copyOf refuse null elements");
                    return java.util.Collections.unmodifiableList(new ArrayList<>(l));
                }, FRESH, UNMODIFIABLE, MAY_THROW);
        def(r, "dict::of", "of(Any keys, Any values) -> Any",
                "Map.of: an unmodifiable map of the keys and values in order (changing it throws); duplicate and null keys or values are refused.", a -> {
                    List<Object> ks = list("dict::of", a);
                    List<Object> vs = list("dict::of", new Object[] {a[1]});
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < ks.size(); i++) {
                        if (ks.get(i) == null || vs.get(i) == null) throw new OpException("dict::of", "Map.of refuses null keys and values");
                        if (m.put(ks.get(i), vs.get(i)) != null) throw new OpException("dict::of", "Map.of was given the key " + ks.get(i) + " twice");
                    }
                    return java.util.Collections.unmodifiableMap(m);
                }, FRESH, UNMODIFIABLE, MAY_THROW);
        def(r, "dict::new", "newMap(bool insertion_order=True) -> Any",
                "A fresh empty map: a LinkedHashMap (insertion order), or a HashMap (Java's hash order) for new HashMap<>().",
                a -> a.length > 0 && Boolean.FALSE.equals(a[0]) ? new java.util.HashMap<>() : new LinkedHashMap<>(), FRESH);
        def(r, "dict::put", "put(Any(a!) self, Any key, Any value) -> Any", "Map.put; returns the previous value or None.",
                a -> map("dict::put", a).put(a[1], a[2]), SIDE_EFFECT);
        def(r, "dict::get", "get(Any self, Any key) -> Any", "Map.get; a missing key is an error naming it.", a -> {
            Map<Object, Object> m = map("dict::get", a);
            if (!m.containsKey(a[1])) throw new OpException("dict::get", "key " + a[1] + " is not in the map");
            return m.get(a[1]);
        }, PURE, MAY_THROW);
        def(r, "dict::get_or_default", "getOrDefault(Any self, Any key, Any fallback) -> Any", "Map.getOrDefault.",
                a -> map("dict::get_or_default", a).getOrDefault(a[1], a[2]), PURE);
        def(r, "dict::contains_key", "containsKey(Any self, Any key) -> bool", "Map.containsKey.",
                a -> map("dict::contains_key", a).containsKey(a[1]), PURE);
        def(r, "dict::remove", "remove(Any(a!) self, Any key) -> Any", "Map.remove.", a -> map("dict::remove", a).remove(a[1]), SIDE_EFFECT);
        def(r, "dict::size", "size(Any self) -> int", "Map.size.", a -> (long) map("dict::size", a).size(), PURE);
        def(r, "dict::is_empty", "isEmpty(Any self) -> bool", "Map.isEmpty.", a -> map("dict::is_empty", a).isEmpty(), PURE);
        def(r, "dict::keys", "keys(Any self) -> Any", "The keys, as a fresh list in insertion order.",
                a -> new ArrayList<>(map("dict::keys", a).keySet()), PURE);
        def(r, "dict::values", "values(Any self) -> Any", "The values, as a fresh list in insertion order.",
                a -> new ArrayList<>(map("dict::values", a).values()), PURE);

        def(r, "dict::items", "items(Any self) -> Any", "The entries as a fresh list of (key, value) pairs in insertion order.", a -> {
            List<Object> out = new ArrayList<>();
            for (Map.Entry<Object, Object> e : map("dict::items", a).entrySet()) out.add(new Object[] {e.getKey(), e.getValue()});
            return out;
        }, PURE);
        def(r, "str::concat", "concat(Any a, Any b) -> str", "String concatenation, formatting values as Java does.",
                a -> Strings.format(a[0]) + Strings.format(a[1]), PURE);
        def(r, "enum::name", "name(Any self) -> str", "Enum.name(): the constant's name.", a -> enumArg("enum::name", a).name(), PURE);
        def(r, "enum::ordinal", "ordinal(Any self) -> int", "Enum.ordinal(): the constant's position in its enum.",
                a -> (long) enumArg("enum::ordinal", a).ordinal(), PURE);
        def(r, "str::length", "length(str self) -> int", "String.length.", a -> (long) ((String) a[0]).length(), PURE);
        def(r, "str::equals", "equals(str self, Any other) -> bool", "String.equals.", a -> a[0].equals(a[1]), PURE);
    }

    private static void def(OpRegistry r, String name, String schema, String doc, Kernel k, OpTrait... traits) {
        declare(name, schema, doc, k, traits).register(r);
    }

    private static void listOp(OpRegistry r, ListGradient g, String name, String schema, String doc, Kernel k, OpTrait... traits) {
        declare(name, schema, doc, k, traits).listGradient(g).register(r);
    }

    private static OpDef.Builder declare(String name, String schema, String doc, Kernel k, OpTrait... traits) {
        return OpDef.builder(name, schema).kernel(k).notDifferentiable(NOGRAD).doc(doc).traits(SCALAR).traits(traits);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String op, Object[] a) {
        if (a[0] instanceof List) return (List<Object>) a[0];
        throw new OpException(op, "expected a list, got " + Args.describe(a[0]));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(String op, Object[] a) {
        if (a[0] instanceof Map) return (Map<Object, Object>) a[0];
        throw new OpException(op, "expected a map, got " + Args.describe(a[0]));
    }

    private static EnumValue enumArg(String op, Object[] a) {
        if (a[0] instanceof EnumValue) return (EnumValue) a[0];
        throw new OpException(op, "expected an enum constant, got " + Args.describe(a[0]));
    }

    private static int index(String op, Object[] a, int i, int size) {
        long k = Args.longArg(op, a, i);
        if (k < 0 || k >= size) {
            throw new OpException(op, "index " + k + " is out of range for a list of size " + (op.equals("list::insert") ? size - 1 : size));
        }
        return (int) k;
    }
}
