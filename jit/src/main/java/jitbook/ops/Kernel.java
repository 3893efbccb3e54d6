package jitbook.ops;

/**
 * The eager implementation of an op. Arguments arrive in schema order as runtime values:
 * {@link NdArray} for tensors, {@code Long}/{@code Double}/{@code Boolean}/{@code String} for
 * scalars, {@code long[]} for int lists, {@code java.util.List<NdArray>} for tensor lists, and
 * {@code null} for absent optionals. The result is a new value; inputs are never modified.
 */
@FunctionalInterface
public interface Kernel {
    Object run(Object[] args);
}
