package jitbook.ops;

import java.util.Objects;

/**
 * A constant of a scripted enum at run time, as TorchScript keeps {@code Enum<...>} values: its
 * enum's simple name, its own name and its ordinal. It prints as Java prints an enum constant
 * (its name) and equals the same constant of the same enum. A Java enum passed to compiled
 * code becomes one of these.
 */
public final class EnumValue {
    private final String type;
    private final String name;
    private final int ordinal;

    public EnumValue(String type, String name, int ordinal) {
        this.type = Objects.requireNonNull(type);
        this.name = Objects.requireNonNull(name);
        this.ordinal = ordinal;
    }

    /** A Java enum constant's counterpart. */
    public static EnumValue of(Enum<?> e) {
        return new EnumValue(e.getDeclaringClass().getSimpleName(), e.name(), e.ordinal());
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    public int ordinal() {
        return ordinal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnumValue && ((EnumValue) o).type.equals(type) && ((EnumValue) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
