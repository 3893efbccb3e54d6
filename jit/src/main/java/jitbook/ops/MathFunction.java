package jitbook.ops;

/**
 * The scalar functions an elementwise op's {@link ScalarExpr} may call, each implemented once in
 * {@link FastMath} (a {@code float} and a {@code double} overload named {@link #javaName()}), with
 * the facts about those implementations that code generators need: whether C2 auto-vectorizes a
 * loop calling the function, and whether its float form is a branch-free polynomial approximation
 * (vectorizable, but big enough that the loop holding it must stay small).
 */
public enum MathFunction {
    EXP(1, Float32Form.SCALAR),
    LOG(1, Float32Form.SCALAR),
    SQRT(1, Float32Form.VECTORIZED),
    SIN(1, Float32Form.SCALAR),
    COS(1, Float32Form.SCALAR),
    TANH(1, Float32Form.POLYNOMIAL),
    SIGMOID(1, Float32Form.POLYNOMIAL),
    ERF(1, Float32Form.SCALAR),
    GELU(1, Float32Form.SCALAR),
    POW(2, Float32Form.SCALAR),
    ABS(1, Float32Form.VECTORIZED),
    SIGNUM(1, Float32Form.SCALAR),
    FLOOR(1, Float32Form.SCALAR),
    CEIL(1, Float32Form.SCALAR),
    RINT(1, Float32Form.SCALAR),
    LOG1P(1, Float32Form.SCALAR),
    EXPM1(1, Float32Form.SCALAR),
    REMAINDER(2, Float32Form.SCALAR),
    MAX(2, Float32Form.VECTORIZED),
    MIN(2, Float32Form.VECTORIZED);

    /** How a loop over float data calling the function compiles on C2 (Java 17), measured. */
    private enum Float32Form {
        /** A call C2 vectorizes (an intrinsic). */
        VECTORIZED,
        /** A branch-free rational approximation in float: vectorized while the loop stays small. */
        POLYNOMIAL,
        /** Keeps the loop scalar (a call of {@code Math}, branches, or float/int bit casts). */
        SCALAR
    }

    private final int arity;
    private final Float32Form float32;

    MathFunction(int arity, Float32Form float32) {
        this.arity = arity;
        this.float32 = float32;
    }

    public int arity() {
        return arity;
    }

    /** The name of its {@link FastMath} methods, e.g. {@code "tanh"}. */
    public String javaName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the float polynomial approximations (tanh, sigmoid): vectorizable, with big loop bodies. */
    public boolean isFloatPolynomial() {
        return float32 == Float32Form.POLYNOMIAL;
    }

    /** True when a loop calling the function in either dtype still vectorizes (abs, max, min, sqrt). */
    public boolean vectorizes() {
        return float32 == Float32Form.VECTORIZED;
    }
}
