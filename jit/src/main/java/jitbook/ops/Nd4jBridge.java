package jitbook.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where ND4J's native code pays: large matrix products through its BLAS. Operands are copied
 * off-heap, multiplied into a preallocated output, copied back, and every INDArray is closed
 * at once, because ND4J otherwise frees off-heap memory only when the garbage collector runs.
 * Small products stay in plain Java loops ({@link Matmul#BLAS_THRESHOLD}): the copies and the
 * native call cost more than they save.
 */
final class Nd4jBridge {
    private Nd4jBridge() {
    }

    /** c[cOff..] = a[aOff..] (n x k) @ b[bOff..] (k x m), all row-major; c's block is overwritten. */
    static void gemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
        float[] ac = aOff == 0 && a.length == n * k ? a : java.util.Arrays.copyOfRange(a, aOff, aOff + n * k);
        float[] bc = bOff == 0 && b.length == k * m ? b : java.util.Arrays.copyOfRange(b, bOff, bOff + k * m);
        try (INDArray x = Nd4j.create(ac, new long[] {n, k}, 'c');
             INDArray y = Nd4j.create(bc, new long[] {k, m}, 'c');
             INDArray z = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, m}, 'c')) {
            x.mmuli(y, z);
            z.data().asNioFloat().get(c, cOff, n * m);
        }
    }

    static void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int n, int k, int m) {
        double[] ac = aOff == 0 && a.length == n * k ? a : java.util.Arrays.copyOfRange(a, aOff, aOff + n * k);
        double[] bc = bOff == 0 && b.length == k * m ? b : java.util.Arrays.copyOfRange(b, bOff, bOff + k * m);
        try (INDArray x = Nd4j.create(ac, new long[] {n, k}, 'c');
             INDArray y = Nd4j.create(bc, new long[] {k, m}, 'c');
             INDArray z = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {n, m}, 'c')) {
            x.mmuli(y, z);
            z.data().asNioDouble().get(c, cOff, n * m);
        }
    }
}
