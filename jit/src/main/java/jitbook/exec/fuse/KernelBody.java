package jitbook.exec.fuse;

/**
 * The interface every generated kernel class implements (public, so that classes Janino defines
 * in a child class loader can implement it).
 *
 * <p>{@code in[i]} is parameter i's data array ({@code float[]}, {@code double[]} or
 * {@code boolean[]}; null for a Java scalar, whose value is {@code scalars[i]}); {@code out[i]} is
 * output i's array. The kernel computes flat elements {@code [lo, hi)} of the broadcast result;
 * {@code inner} is the length of a row for row- and column-broadcast operands (or any value
 * when there are none). Calls on disjoint ranges may run at once on different threads.
 */
public interface KernelBody {
    void run(Object[] in, double[] scalars, Object[] out, int lo, int hi, int inner);
}
