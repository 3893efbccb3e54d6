package jitbook.script;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.sun.source.tree.Tree;

import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.nn.Module;
import jitbook.tensor.Tensor;

/**
 * What the compiler knows of the live objects behind values while it compiles a method for one
 * module instance, as TorchScript compiles {@code nn.Module}s against the instance: the class of
 * each submodule a field holds (a field declared {@code Module} holding a {@code ReLU} calls
 * ReLU's forward), the lists of submodules a field holds (iterated unrolled, each element with
 * its own class, as TorchScript unrolls loops over a {@code ModuleList}; read as the submodules
 * {@code layers.0}, {@code layers.1} ..., never as a list at run time), and the values of
 * {@code static final} constants of loaded classes.
 */
final class LiveModules {
    /** A field's list of submodules: known element by element at compile time. */
    static final class ModuleList {
        final Value owner;
        final String field;
        final List<Module> elements;
        final List<List<String>> paths;

        ModuleList(Value owner, String field, List<Module> elements, List<List<String>> paths) {
            this.owner = owner;
            this.field = field;
            this.elements = elements;
            this.paths = paths;
        }
    }

    private final Lowering lw;
    private final Object liveSelf;
    private final Map<Value, Object> objects = new IdentityHashMap<>();
    private final Map<Value, ModuleList> lists = new IdentityHashMap<>();

    LiveModules(Lowering lw, Object liveSelf) {
        this.lw = lw;
        this.liveSelf = liveSelf;
    }

    void bindSelf(Value self) {
        if (liveSelf != null) objects.put(self, liveSelf);
    }

    /** The live object a value is known to be, or null. */
    Object of(Value v) {
        return v == null ? null : objects.get(v);
    }

    ModuleList moduleList(Value v) {
        return lists.get(v);
    }

    /**
     * Reads field {@code name} of a value whose live module is known: a submodule is read along
     * its attribute path and typed by its live class; a list of submodules becomes a
     * {@link ModuleList}. Null when nothing is known (the caller reads an ordinary attribute).
     */
    Value field(Value obj, String name, Type declared, Tree where) {
        Object o = objects.get(obj);
        if (!(o instanceof Module)) return null;
        Module owner = (Module) o;
        Object value = readField(owner, name);
        if (value instanceof Module) {
            Module child = (Module) value;
            Value v = attributePath(obj, pathOf(owner, child, List.of(name)), child, where);
            objects.put(v, child);
            return v;
        }
        if (value instanceof List && declared instanceof Type.ListType && isModuleList((List<?>) value)) {
            List<Module> elements = new ArrayList<>();
            List<List<String>> paths = new ArrayList<>();
            for (Object e : (List<?>) value) {
                elements.add((Module) e);
                paths.add(pathOf(owner, (Module) e, null));
            }
            // Never read at run time: every use goes through the elements (see ModuleList).
            Value placeholder = lw.uninitialized(declared);
            lists.put(placeholder, new ModuleList(obj, name, elements, paths));
            return placeholder;
        }
        return null;
    }

    private static boolean isModuleList(List<?> l) {
        for (Object e : l) if (!(e instanceof Module)) return false;
        return true;
    }

    /** Element {@code k} of a module list, read from its owner along the element's attribute path. */
    Value element(ModuleList l, int k, Tree where) {
        Value v = attributePath(l.owner, l.paths.get(k), l.elements.get(k), where);
        objects.put(v, l.elements.get(k));
        return v;
    }

    /** A module list is a compile-time value: used as a runtime value (an argument, a result) it is refused. */
    void requireRuntimeValue(Value v, Tree where) {
        ModuleList l = lists.get(v);
        if (l != null) {
            throw lw.error(where, "the list of submodules " + l.field + " cannot be passed or returned as a value in compiled code;"
                    + " iterate over it (for (Linear l : " + l.field + ")), index it with a constant or ask its size()");
        }
    }

    /** The path by which the mirrored module reaches {@code child}: its key in namedChildren (Sequential names them 0, 1 ...). */
    private List<String> pathOf(Module owner, Module child, List<String> fallback) {
        for (Map.Entry<String, Module> c : owner.namedChildren().entrySet()) {
            if (c.getValue() == child) return Arrays.asList(c.getKey().split("\\."));
        }
        if (fallback != null) return fallback;
        throw lw.error(null, child.getClass().getSimpleName() + " in a list field of " + owner.getClass().getSimpleName()
                + " is not one of its submodules (namedChildren)");
    }

    private Value attributePath(Value from, List<String> path, Module leaf, Tree where) {
        ClassInfo info = lw.unit().classInfo(leaf.getClass().getSimpleName(), where);
        if (info == null) {
            throw lw.error(where, "cannot find the source of " + leaf.getClass().getName() + " (held by this field):"
                    + " define it in a notebook cell, or make its .java file reachable (src/main/java, src/test/java)");
        }
        Value v = from;
        for (int i = 0; i < path.size(); i++) {
            Node n = lw.append(Prim.GET_ATTR, v);
            n.setAttr(Node.NAME, path.get(i));
            v = n.addOutput(path.get(i), i == path.size() - 1 ? info.type() : new Type.ClassType("ModuleList"));
        }
        return v;
    }

    // ---- getClass() and static constants ------------------------------------------------------------

    /**
     * {@code getClass().getSimpleName()} (or {@code getName()}) of a module or object: a constant,
     * from the live object's class, else (simple name only) the static class; null for values
     * whose class compiled code does not know as Java does (tensors, numbers ...).
     */
    Value className(Value obj, boolean simple) {
        Object o = objects.get(obj);
        if (o != null) return lw.constant(simple ? o.getClass().getSimpleName() : o.getClass().getName(), Type.STR);
        if (!simple || !(obj.type() instanceof Type.ClassType)) return null;
        return lw.constant(((Type.ClassType) obj.type()).name, Type.STR);
    }

    /**
     * The value of {@code static final} field {@code name} of {@code cls}: read from the loaded
     * class when one is reachable from the live instance (exact, evaluated once, as Java does),
     * else its initializer, compiled where it is declared and copied in (null if there is no such
     * constant).
     */
    Value staticConstant(ClassInfo cls, String name, Tree where) {
        com.sun.source.tree.VariableTree decl = cls.constants.get(name);
        if (decl == null) return null;
        Class<?> loaded = loadedClass(cls.name);
        if (loaded != null) {
            try {
                java.lang.reflect.Field f = loaded.getDeclaredField(name);
                f.setAccessible(true);
                return constantOf(f.get(null), cls.name + "." + name, where);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall back to the initializer
            }
        }
        return lw.unit().inlineConstant(lw, cls, decl, where);
    }

    private Value constantOf(Object v, String what, Tree where) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return lw.constant(((Number) v).intValue(), Type.INT);
        if (v instanceof Long) return lw.constant(v, Type.LONG);
        if (v instanceof Float) return lw.constant(v, Type.FLOAT);
        if (v instanceof Double) return lw.constant(v, Type.DOUBLE);
        if (v instanceof Boolean) return lw.constant(v, Type.BOOL);
        if (v instanceof String) return lw.constant(v, Type.STR);
        if (v instanceof long[]) return lw.constant(((long[]) v).clone(), new Type.ListType(Type.INT));
        if (v instanceof int[]) return lw.constant(Arrays.stream((int[]) v).asLongStream().toArray(), new Type.ListType(Type.INT));
        if (v instanceof Tensor) return lw.constant(((Tensor) v).array(), new Type.TensorType(((Tensor) v).dtype(), ((Tensor) v).shape()));
        throw lw.error(where, "the constant " + what + " is " + (v == null ? "null" : "a " + v.getClass().getSimpleName())
                + ", which compiled code cannot hold; use a number, boolean, String, long[] or Tensor constant");
    }

    /** A loaded class named {@code simpleName} among the live instance's classes, their supertypes and nested and enclosing classes. */
    private Class<?> loadedClass(String simpleName) {
        if (liveSelf == null) return null;
        for (Class<?> c = liveSelf.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
                if (k.getSimpleName().equals(simpleName)) return k;
                for (Class<?> nested : k.getDeclaredClasses()) if (nested.getSimpleName().equals(simpleName)) return nested;
            }
        }
        return null;
    }

    // ---- reflection ---------------------------------------------------------------------------------

    /** A field of a live object (declared in its class or a superclass), or null if it has none. */
    static Object readField(Object o, String name) {
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) return null;
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // declared higher up
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ScriptCompileError("cannot read field " + name + " of " + o.getClass().getSimpleName() + ": " + e.getMessage(), null);
            }
        }
        return null;
    }
}
