package jitbook.ops;

/**
 * The kinds of value an op's parameter or result can be, as written in schemas. The spellings
 * ({@link #spelling()}) follow TorchScript's schema language and are part of the wire format.
 */
public enum ArgType {
    TENSOR("Tensor"),
    /** A tensor that may be absent (null), such as a layer's optional bias. */
    OPTIONAL_TENSOR("Tensor?"),
    /** A tensor, or a Java number broadcast as a 0-d tensor of the other operand's kind. */
    TENSOR_OR_SCALAR("Tensor|Scalar"),
    TENSOR_LIST("Tensor[]"),
    /** A number whose kind (int or float) is decided by the arguments, as TorchScript's Scalar. */
    SCALAR("Scalar"),
    INT("int"),
    INT_LIST("int[]"),
    /** An int that may be absent (null), such as "all dims" for a reduction. */
    OPTIONAL_INT("int?"),
    OPTIONAL_INT_LIST("int[]?"),
    FLOAT("float"),
    BOOL("bool"),
    STR("str"),
    /** Any value: for prim ops that print or pass values through. */
    ANY("Any"),
    /** No value: the result type of ops run for their effect (TorchScript's spelling). */
    NONE("NoneType");

    private final String spelling;

    ArgType(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public boolean acceptsTensor() {
        return this == TENSOR || this == TENSOR_OR_SCALAR || this == OPTIONAL_TENSOR;
    }

    public static ArgType parse(String s) {
        for (ArgType t : values()) {
            if (t.spelling.equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown schema type '" + s + "'");
    }
}
