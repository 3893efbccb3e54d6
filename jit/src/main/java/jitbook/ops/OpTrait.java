package jitbook.ops;

/**
 * Facts about an op that passes rely on instead of knowing op names. Every op has exactly one of
 * the effect traits PURE, RANDOM, FRESH and SIDE_EFFECT (checked at registration); which input a
 * SIDE_EFFECT op changes is in its schema, as TorchScript writes it ({@code Any(a!) self}).
 */
public enum OpTrait {
    /** No side effects and a result that depends only on the inputs: may be folded, CSE'd, removed if unused. */
    PURE,
    /** Applies a scalar function position by position (after broadcasting): may join a fusion group. */
    ELEMENTWISE,
    /** {@code f(a, b) == f(b, a)}: CSE may canonicalize operand order. */
    COMMUTATIVE,
    /** Draws random numbers: never folded or merged, though it has no other side effect. */
    RANDOM,
    /** Changes or reveals state outside its result (a list or map mutated in place: the schema's {@code (a!)} input). */
    SIDE_EFFECT,
    /**
     * Returns a new mutable container on every call and does nothing else ({@code list::new}):
     * never merged or folded, since each call must give its own object, but removable when unused.
     */
    FRESH,
    /**
     * May fail for some argument values of the right types, not only for wrong types or shapes:
     * integer division by zero, an index out of range, a missing key, {@code item()} of a tensor
     * that is not one element. Removing such a node when its result is unused would remove its
     * error; {@code passes.Effects#isRemovable} states the policy that reads this.
     */
    MAY_THROW,
    /**
     * Returns a container that refuses changes, as Java's {@code List.of} and {@code Map.of} do:
     * every change attempted on it throws, so the optimizer must keep each one (it treats the
     * container as escaping) even where nothing reads the container afterwards.
     */
    UNMODIFIABLE,
    /** Works on Java scalars (int, float, bool, str) rather than tensors. */
    SCALAR
}
