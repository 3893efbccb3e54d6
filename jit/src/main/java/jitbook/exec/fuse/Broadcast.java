package jitbook.exec.fuse;

import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.Shapes;

/** Materializes an operand at the full broadcast shape, for layouts no kernel indexes directly. */
final class Broadcast {
    private Broadcast() {
    }

    static Object expand(NdArray a, long[] full) {
        int n = Shapes.numel(full);
        long[] strides = Shapes.broadcastStrides(a.shape(), full);
        int rank = full.length;
        int[] idx = new int[rank];
        Object src = a.data();
        Object dst = NdArray.allocate(a.dtype() == DType.INT64 ? DType.INT64 : a.dtype(), n);
        int off = 0;
        for (int i = 0; i < n; i++) {
            copy(src, off, dst, i);
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                off += (int) strides[d];
                if (idx[d] < full[d]) break;
                off -= (int) (strides[d] * full[d]);
                idx[d] = 0;
            }
        }
        return dst;
    }

    private static void copy(Object src, int from, Object dst, int to) {
        if (src instanceof float[]) ((float[]) dst)[to] = ((float[]) src)[from];
        else if (src instanceof double[]) ((double[]) dst)[to] = ((double[]) src)[from];
        else if (src instanceof boolean[]) ((boolean[]) dst)[to] = ((boolean[]) src)[from];
        else ((long[]) dst)[to] = ((long[]) src)[from];
    }
}
