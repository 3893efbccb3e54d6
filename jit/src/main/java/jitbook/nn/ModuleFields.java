package jitbook.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import jitbook.tensor.Tensor;

/**
 * Reads a module's state fields by reflection: the instance fields of its class and of its
 * superclasses up to {@link Module}, superclass fields first, each class's in declaration order
 * (the order HotSpot's {@code getDeclaredFields} returns and every PyTorch user expects).
 * Only fields whose value is a tensor, a module or a list are reported.
 */
final class ModuleFields {
    private ModuleFields() {
    }

    /** One field of one module instance. */
    static final class Slot {
        final String name;
        final Object value;
        private final Field field;
        private final Object owner;

        Slot(String name, Object value, Field field, Object owner) {
            this.name = name;
            this.value = value;
            this.field = field;
            this.owner = owner;
        }

        void set(Object newValue) {
            try {
                field.set(owner, newValue);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot write field " + name + " of "
                        + owner.getClass().getSimpleName(), e);
            }
        }
    }

    static List<Slot> slots(Module m) {
        Deque<Class<?>> chain = new ArrayDeque<>();
        for (Class<?> c = m.getClass(); c != null && c != Module.class && c != Object.class; c = c.getSuperclass()) {
            chain.push(c);
        }
        List<Slot> out = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) continue;
                if (!isStateType(f.getType())) continue;
                if (!f.trySetAccessible()) continue;
                Object v;
                try {
                    v = f.get(m);
                } catch (IllegalAccessException e) {
                    continue;
                }
                if (v != null) out.add(new Slot(f.getName(), v, f, m));
            }
        }
        return out;
    }

    /** Declared types that can hold state: tensors, modules and lists (of modules). */
    private static boolean isStateType(Class<?> t) {
        return Tensor.class.isAssignableFrom(t) || Module.class.isAssignableFrom(t) || List.class.isAssignableFrom(t);
    }
}
