package jitbook.exec.fuse;

/**
 * How a tensor operand is read at flat position {@code i} of the broadcast result, in a kernel
 * whose iteration space is split into rows of {@code inner} elements ({@code row = i / inner},
 * {@code j = i % inner}).
 */
enum Layout {
    /** Same shape as the result: {@code x[i]}. */
    FULL,
    /** One element (0-d, or all dimensions 1): read once per call. */
    SCALAR,
    /** Varies only along the trailing dimensions (a bias row): {@code x[j]}. */
    INNER,
    /** Varies only along the leading dimensions (a column): {@code x[row]}, once per row. */
    OUTER
}
