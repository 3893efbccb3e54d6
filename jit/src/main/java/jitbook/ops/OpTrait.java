package jitbook.ops;

/** Facts about an op that passes rely on instead of knowing op names. */
public enum OpTrait {
    /** No side effects and a result that depends only on the inputs: may be folded, CSE'd, removed if unused. */
    PURE,
    /** Applies a scalar function position by position (after broadcasting): may join a fusion group. */
    ELEMENTWISE,
    /** {@code f(a, b) == f(b, a)}: CSE may canonicalize operand order. */
    COMMUTATIVE,
    /** Draws random numbers: never folded or merged, though it has no other side effect. */
    RANDOM,
    /** Changes or reveals state outside its result (printing, attribute writes, list mutation). */
    SIDE_EFFECT,
    /** Works on Java scalars (int, float, bool, str) rather than tensors. */
    SCALAR
}
