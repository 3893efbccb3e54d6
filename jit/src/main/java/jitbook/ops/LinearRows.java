package jitbook.ops;

/**
 * {@code x @ W^T + b} for float tensors below the BLAS threshold, computed as dot products of
 * x's rows with W's rows. Both rows are contiguous, so W is never transposed or copied, and the
 * bias is added in the same pass. (Materializing W^T on every call took about two thirds of a
 * small MLP's forward time: BENCHMARKS.md, MlpBench.)
 */
final class LinearRows {
    private LinearRows() {
    }

    /** Whether this fast path applies: same float dtype everywhere, 2-D weight, small enough for Java loops. */
    static boolean applies(NdArray x, NdArray w, NdArray b) {
        if (x.rank() < 1 || w.rank() != 2) return false;
        DType t = x.dtype();
        if (!t.isFloating() || w.dtype() != t || (b != null && (b.dtype() != t || b.rank() != 1))) return false;
        long in = w.dim(1);
        long out = w.dim(0);
        if (x.dim(x.rank() - 1) != in || (b != null && b.dim(0) != out)) return false;
        long rows = in == 0 ? 0 : x.numel() / in;
        return rows * in * out <= Matmul.BLAS_THRESHOLD;
    }

    static NdArray apply(NdArray x, NdArray w, NdArray b) {
        int in = (int) w.dim(1);
        int out = (int) w.dim(0);
        int rows = in == 0 ? 0 : x.numel() / in;
        long[] shape = x.shape();
        shape[shape.length - 1] = out;
        NdArray y = NdArray.zeros(x.dtype(), shape);
        if (x.dtype() == DType.FLOAT32) {
            float[] xs = x.floats();
            float[] ws = w.floats();
            float[] bs = b == null ? null : b.floats();
            float[] ys = y.floats();
            for (int i = 0; i < rows; i++) {
                int xo = i * in;
                for (int j = 0; j < out; j++) {
                    int wo = j * in;
                    float s = 0f;
                    for (int k = 0; k < in; k++) s += xs[xo + k] * ws[wo + k];
                    ys[i * out + j] = bs == null ? s : s + bs[j];
                }
            }
        } else {
            double[] xs = x.doubles();
            double[] ws = w.doubles();
            double[] bs = b == null ? null : b.doubles();
            double[] ys = y.doubles();
            for (int i = 0; i < rows; i++) {
                int xo = i * in;
                for (int j = 0; j < out; j++) {
                    int wo = j * in;
                    double s = 0;
                    for (int k = 0; k < in; k++) s += xs[xo + k] * ws[wo + k];
                    ys[i * out + j] = bs == null ? s : s + bs[j];
                }
            }
        }
        return y;
    }
}
