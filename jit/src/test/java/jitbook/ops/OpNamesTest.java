package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link OpNames} is the registry's index: one constant per op, named after it, and nothing else. */
class OpNamesTest {
    private static Map<String, String> constants() throws IllegalAccessException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : OpNames.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                out.put(f.getName(), (String) f.get(null));
            }
        }
        return out;
    }

    /** {@code tensor::leaky_relu} is LEAKY_RELU; {@code list::add} is LIST_ADD. */
    static String constantName(String op) {
        String[] parts = op.split("::", 2);
        String base = parts[1].toUpperCase(java.util.Locale.ROOT);
        return parts[0].equals("tensor") ? base : parts[0].toUpperCase(java.util.Locale.ROOT) + "_" + base;
    }

    @Test
    void everyConstantNamesARegisteredOpAfterWhichItIsNamed() throws IllegalAccessException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> c : constants().entrySet()) {
            if (!OpRegistry.global().contains(c.getValue())) problems.add(c.getKey() + " = " + c.getValue() + ": no such op");
            else if (!constantName(c.getValue()).equals(c.getKey())) {
                problems.add(c.getKey() + " = " + c.getValue() + ": should be called " + constantName(c.getValue()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyRegisteredOpHasAConstant() throws IllegalAccessException {
        List<String> missing = new ArrayList<>();
        Map<String, String> cs = constants();
        for (OpDef d : OpRegistry.global().all()) {
            if (!d.name().equals(cs.get(constantName(d.name())))) {
                missing.add("public static final String " + constantName(d.name()) + " = \"" + d.name() + "\";");
            }
        }
        assertTrue(missing.isEmpty(), "add to OpNames:\n" + String.join("\n", missing));
    }

    @Test
    void constantsAreFoundByName() {
        assertEquals("tensor::linear", OpNames.ofConstant("LINEAR"));
        assertNull(OpNames.ofConstant("LINEARR"));
        assertNull(OpNames.ofConstant("ofConstant"));
    }
}
