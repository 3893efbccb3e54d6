package jitbook.jit;

/** How a traced function returned its results, so calls return the same form. */
enum OutputForm {
    /** One value. */
    SINGLE,
    /** A {@code Tensor[]}. */
    ARRAY,
    /** A {@code List<Tensor>}. */
    LIST
}
