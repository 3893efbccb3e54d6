package jitbook.exec.fuse;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;

import jitbook.ops.DType;
import jitbook.ops.NdArray;

/**
 * The output arrays of one fusion group output that the interpreter has proved private: the value
 * is consumed inside the graph, only by pure registry ops of its own block, and is dead after the
 * last of them. The kernel takes its output array here; the last consumer gives it back, and the
 * next call (or loop iteration) writes into the same array instead of a fresh one: a large tensor
 * then costs no allocation, no zeroing pass and no garbage.
 *
 * <p>Safety does not rest on the proof alone. Only arrays this pool lent out are ever taken back
 * (so a group that fell back to the interpreter hands nothing in), and a consumer whose result
 * shares the array (a view, or an op returning its input) marks it escaped: it is then never
 * reused. Arrays lent but never given back (a consumer threw) are only weakly remembered and go
 * to the garbage collector like any other.
 *
 * <p>Small outputs are not pooled: below {@link #MIN_ELEMENTS} a fresh array is cheaper than the
 * bookkeeping. Thread-safe: concurrent calls of one plan each take a different array.
 */
public final class BufferPool {
    /** Outputs smaller than this (64 KB of floats) are allocated fresh. */
    public static final int MIN_ELEMENTS = 1 << 14;
    /** Arrays kept per pool (one per thread running the plan at once is the usual need). */
    private static final int KEEP = 2;
    private static final LongAdder REUSED = new LongAdder();

    private final ArrayDeque<Object> free = new ArrayDeque<>();
    private final Map<Object, Boolean> lent = Collections.synchronizedMap(new WeakHashMap<>());

    /** How many outputs, process-wide, were written into a reused array: for tests and display. */
    public static long reusedCount() {
        return REUSED.sum();
    }

    /** An array for {@code n} elements of {@code dtype}: a given-back one if any fits, else a new one. */
    public Object take(DType dtype, int n) {
        Object a = null;
        synchronized (free) {
            for (Iterator<Object> it = free.iterator(); it.hasNext(); ) {
                Object f = it.next();
                if (fits(f, dtype, n)) {
                    it.remove();
                    a = f;
                    break;
                }
            }
        }
        if (a != null) REUSED.increment();
        else a = NdArray.allocate(dtype, n);
        lent.put(a, Boolean.TRUE);
        return a;
    }

    /** Takes back an array once nothing can read it; arrays this pool did not lend, or that escaped, are ignored. */
    public void give(Object array) {
        if (lent.remove(array) == null) return;
        synchronized (free) {
            if (free.size() >= KEEP) free.removeLast();
            free.addFirst(array);
        }
    }

    /** Marks a lent array as shared by another value: it will never be reused. */
    public void escape(Object array) {
        lent.remove(array);
    }

    private static boolean fits(Object a, DType dtype, int n) {
        switch (dtype) {
            case FLOAT32: return a instanceof float[] && ((float[]) a).length == n;
            case FLOAT64: return a instanceof double[] && ((double[]) a).length == n;
            case INT64: return a instanceof long[] && ((long[]) a).length == n;
            default: return a instanceof boolean[] && ((boolean[]) a).length == n;
        }
    }
}
