package jitbook.ops;

import static jitbook.ops.OpSamples.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples for the script compiler's ops on Java values (ScalarMathOps, CollectionOps), so that
 * the registry-generated op test covers every op. Container ops mutate their first argument, so
 * their samples build fresh containers.
 */
final class ScriptOpSamples {
    private ScriptOpSamples() {
    }

    static List<Object> lst(Object... v) {
        return new ArrayList<>(Arrays.asList(v));
    }

    static Map<Object, Object> map(Object... kv) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    static void add(OpSamples s) {
        s.add("scalar::sqrt", "int", value(3.0), 9L);
        s.add("scalar::exp", "0", value(1.0), 0L);
        s.add("scalar::log", "e", value(1.0), Math.E);
        s.add("scalar::sin", "0", value(0.0), 0.0);
        s.add("scalar::cos", "0", value(1.0), 0L);
        s.add("scalar::tanh", "0.5", value(Math.tanh(0.5)), 0.5);
        s.add("scalar::floor", "-1.5", value(-2.0), -1.5);
        s.add("scalar::ceil", "-1.5", value(-1.0), -1.5);
        s.add("scalar::abs", "int stays int", value(3L), -3L);
        s.add("scalar::abs", "float", value(2.5), -2.5);
        s.add("scalar::max", "ints", value(3L), 3L, -1L);
        s.add("scalar::max", "mixed gives float", value(3.0), 3L, -1.5);
        s.add("scalar::min", "ints", value(-1L), 3L, -1L);
        s.add("scalar::pow", "ints give float", value(8.0), 2L, 3L);

        s.add("list::new", "", value(lst()));
        s.add("list::add", "appends", (a, r) -> {
            Ref.assertMatches(true, r, "result");
            Ref.assertMatches(lst(1L, 2L), a[0], "list");
        }, lst(1L), 2L);
        s.add("list::insert", "at 0", (a, r) -> Ref.assertMatches(lst(9L, 1L), a[0], "list"), lst(1L), 0L, 9L);
        s.add("list::get", "", value(2L), lst(1L, 2L), 1L);
        s.add("list::set", "returns the old element", value(1L), lst(1L, 2L), 0L, 5L);
        s.add("list::remove_at", "", value(2L), lst(1L, 2L), 1L);
        s.add("list::size", "", value(2L), lst(1L, 2L));
        s.add("list::is_empty", "", value(true), lst());
        s.add("list::contains", "", value(true), lst(1L, 2L), 2L);
        s.add("list::copy", "", value(lst(1L)), lst(1L));
        s.add("list::copy_of", "an unmodifiable copy", (a, r) -> {
            Ref.assertMatches(lst(1L, 2L), new java.util.ArrayList<>((List<Object>) r), "copy");
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) r).add(3L));
        }, lst(1L, 2L));
        s.add("dict::new", "", value(map()));
        s.add("dict::new", "hash ordered", (a, r) -> Ref.assertMatches(java.util.HashMap.class, r.getClass(), "class"), false);
        s.add("dict::of", "keys and values in order", (a, r) -> {
            Ref.assertMatches(map("b", 1L, "a", 2L), new java.util.LinkedHashMap<>((java.util.Map<Object, Object>) r), "map");
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> ((java.util.Map<Object, Object>) r).put("c", 3L));
        }, lst("b", "a"), lst(1L, 2L));
        s.add("dict::put", "returns the previous value", value(1L), map("a", 1L), "a", 2L);
        s.add("dict::get", "", value(1L), map("a", 1L), "a");
        s.add("dict::get_or_default", "missing key", value(0L), map("a", 1L), "b", 0L);
        s.add("dict::contains_key", "", value(false), map("a", 1L), "b");
        s.add("dict::remove", "", value(1L), map("a", 1L), "a");
        s.add("dict::size", "", value(1L), map("a", 1L));
        s.add("dict::is_empty", "", value(false), map("a", 1L));
        s.add("dict::keys", "in insertion order", value(lst("b", "a")), map("b", 1L, "a", 2L));
        s.add("dict::values", "in insertion order", value(lst(1L, 2L)), map("b", 1L, "a", 2L));
        s.add("dict::items", "pairs in insertion order", (a, r) -> {
            List<?> items = (List<?>) r;
            Ref.assertMatches(2, items.size(), "entries");
            Ref.assertMatches(lst("b", 1L), lst((Object[]) items.get(0)), "first entry");
        }, map("b", 1L, "a", 2L));
        s.add("enum::name", "", value("GREEN"), new jitbook.ops.EnumValue("Color", "GREEN", 1));
        s.add("enum::ordinal", "", value(1L), new jitbook.ops.EnumValue("Color", "GREEN", 1));
        s.add("str::concat", "string and int", value("n=3"), "n=", 3L);
        s.add("str::length", "", value(3L), "abc");
        s.add("str::equals", "", value(true), "abc", "abc");
    }
}
