package jitbook.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import jitbook.ops.DType;
import jitbook.ops.TensorSpec;

/**
 * The type of an IR value. Printed forms follow TorchScript's ({@code Tensor}, {@code Float(3, 4)},
 * {@code List[int]}, {@code Dict[str, Tensor]}, {@code (Tensor, int)}, {@code Tensor?}) with Java's
 * scalar widths: {@code int} and {@code float} are 32-bit, {@code long} and {@code double} 64-bit,
 * so that scripted code means what the same Java means. {@link TypeParser} reads every form back.
 */
public abstract class Type {
    /**
     * How deep a type may nest ({@code List[List[int]]} is 2 deep), and so the values it describes:
     * IR constants ({@code [[1, 2], [3]]}), saved attributes, and modules inside modules in a saved
     * file. Types, values and module trees are read, printed and compared recursively; this depth
     * fits any thread's stack, and no program comes near it.
     */
    public static final int MAX_NESTING = 64;

    public abstract String print();

    @Override
    public String toString() {
        return print();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Type && ((Type) o).print().equals(print());
    }

    @Override
    public int hashCode() {
        return print().hashCode();
    }

    /** Whether a value of type {@code other} may be used where this type is expected. */
    public boolean accepts(Type other) {
        return equals(other) || this == ANY;
    }

    // ---- scalar and simple types ------------------------------------------------------------

    /** A named type without parameters: byte, short, int, long, float, double, bool, str, NoneType, Any. */
    public static final class Simple extends Type {
        private final String name;

        private Simple(String name) {
            this.name = name;
        }

        @Override
        public String print() {
            return name;
        }
    }

    /** Java's 8- and 16-bit integers: values of these types are always in range (conversions to them wrap). */
    public static final Simple BYTE = new Simple("byte");
    public static final Simple SHORT = new Simple("short");
    public static final Simple INT = new Simple("int");
    public static final Simple LONG = new Simple("long");
    public static final Simple FLOAT = new Simple("float");
    public static final Simple DOUBLE = new Simple("double");
    public static final Simple BOOL = new Simple("bool");
    public static final Simple STR = new Simple("str");
    public static final Simple NONE = new Simple("NoneType");
    public static final Simple ANY = new Simple("Any");

    public static final List<Simple> SIMPLE = List.of(BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, BOOL, STR, NONE, ANY);

    public boolean isNumber() {
        return isIntegral() || this == FLOAT || this == DOUBLE;
    }

    public boolean isIntegral() {
        return this == INT || this == LONG || this == SHORT || this == BYTE;
    }

    // ---- tensors -----------------------------------------------------------------------------

    /** A tensor, with what is known of its dtype (null: unknown) and shape (null: unknown rank; -1: unknown size). */
    public static final class TensorType extends Type {
        public final DType dtype;
        public final long[] shape;

        public TensorType(DType dtype, long[] shape) {
            this.dtype = dtype;
            this.shape = shape == null ? null : shape.clone();
        }

        public static TensorType of(TensorSpec spec) {
            return new TensorType(spec.dtype, spec.shape);
        }

        public TensorSpec spec() {
            return new TensorSpec(dtype == null ? DType.FLOAT32 : dtype, shape);
        }

        @Override
        public boolean accepts(Type other) {
            if (!(other instanceof TensorType)) return other == ANY;
            TensorType t = (TensorType) other;
            if (dtype != null && t.dtype != null && dtype != t.dtype) return false;
            if (shape != null && t.shape != null) {
                if (shape.length != t.shape.length) return false;
                for (int i = 0; i < shape.length; i++) {
                    if (shape[i] >= 0 && t.shape[i] >= 0 && shape[i] != t.shape[i]) return false;
                }
            }
            return true;
        }

        @Override
        public String print() {
            if (dtype == null && shape == null) return "Tensor";
            StringBuilder sb = new StringBuilder(dtype == null ? "Tensor" : dtype.irName()).append('(');
            if (shape == null) {
                sb.append('*');
            } else {
                for (int i = 0; i < shape.length; i++) {
                    if (i > 0) sb.append(", ");
                    sb.append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
                }
            }
            return sb.append(')').toString();
        }
    }

    public static final TensorType TENSOR = new TensorType(null, null);

    public boolean isTensor() {
        return this instanceof TensorType;
    }

    // ---- containers ---------------------------------------------------------------------------

    public static final class ListType extends Type {
        public final Type element;

        public ListType(Type element) {
            this.element = Objects.requireNonNull(element);
        }

        @Override
        public String print() {
            return "List[" + element.print() + "]";
        }

        @Override
        public boolean accepts(Type other) {
            return super.accepts(other) || other instanceof ListType
                    && (element.accepts(((ListType) other).element) || ((ListType) other).element == ANY);
        }
    }

    public static final class DictType extends Type {
        public final Type key;
        public final Type value;

        public DictType(Type key, Type value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public String print() {
            return "Dict[" + key.print() + ", " + value.print() + "]";
        }
    }

    /** A tuple; with field names it is a named tuple (a Java record). */
    public static final class TupleType extends Type {
        public final List<Type> elements;
        public final String recordName;
        public final List<String> fieldNames;

        public TupleType(List<Type> elements) {
            this(elements, null, null);
        }

        public TupleType(List<Type> elements, String recordName, List<String> fieldNames) {
            this.elements = List.copyOf(elements);
            this.recordName = recordName;
            this.fieldNames = fieldNames == null ? null : List.copyOf(fieldNames);
        }

        @Override
        public String print() {
            List<String> parts = new ArrayList<>();
            for (Type t : elements) parts.add(t.print());
            String inner = String.join(", ", parts);
            return elements.size() == 1 ? "(" + inner + ",)" : "(" + inner + ")";
        }
    }

    public static final class OptionalType extends Type {
        public final Type element;

        public OptionalType(Type element) {
            this.element = element;
        }

        @Override
        public String print() {
            return element.print() + "?";
        }

        @Override
        public boolean accepts(Type other) {
            return super.accepts(other) || other == NONE || element.accepts(other);
        }
    }

    /** A user class or module, printed {@code __jit__.Name}. Fields are known once the class is compiled. */
    public static final class ClassType extends Type {
        public static final String PREFIX = "__jit__.";
        public final String name;

        public ClassType(String name) {
            this.name = name;
        }

        @Override
        public String print() {
            return PREFIX + name;
        }
    }

    /** A scripted enum, printed {@code Enum<Name>} as TorchScript prints its enum types; values are {@link jitbook.ops.EnumValue}s. */
    public static final class EnumType extends Type {
        public final String name;

        public EnumType(String name) {
            this.name = name;
        }

        @Override
        public String print() {
            return "Enum<" + name + ">";
        }
    }

    public static List<Type> listOf(Type... ts) {
        return Arrays.asList(ts);
    }
}
