package jitbook.ops;

/**
 * Computes the spec of an op's tensor result from its arguments without running it. Tensor
 * arguments arrive as {@link TensorSpec}; other arguments as their constant value when known,
 * or as an {@link Unknown} of their kind when only their type is known. A rule returns a spec
 * with a null shape (or -1 dims) when the shape cannot be known, and throws {@link OpException}
 * for arguments that can never be valid (as the kernel would).
 */
@FunctionalInterface
public interface ShapeRule {
    TensorSpec infer(Object[] args);

    /** A non-tensor argument whose value is not known at compile time; {@code kind} is its scalar dtype, or null if not a number. */
    final class Unknown {
        public final DType kind;

        public Unknown(DType kind) {
            this.kind = kind;
        }

        @Override
        public String toString() {
            return "<unknown " + (kind == null ? "value" : kind.irName()) + ">";
        }
    }

    Unknown UNKNOWN = new Unknown(null);
    Unknown UNKNOWN_INT = new Unknown(DType.INT64);
    Unknown UNKNOWN_FLOAT = new Unknown(DType.FLOAT64);
    Unknown UNKNOWN_BOOL = new Unknown(DType.BOOL);
}
