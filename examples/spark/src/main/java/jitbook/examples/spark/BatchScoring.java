package jitbook.examples.spark;

import jitbook.jit.ScriptModule;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.tensor.Tensor;

/**
 * One batch of rows through a model: the rows' features become one {@code [rows, features]}
 * float tensor, {@code forward} runs once, and each row gets its row of the result. The one
 * scoring routine of the example, used by Spark's partitions and by single-JVM scoring alike.
 */
public final class BatchScoring {
    private BatchScoring() {
    }

    /** Scores {@code count} rows of {@code width} features stored row after row in {@code features}. */
    public static float[][] score(ScriptModule model, float[] features, int count, int width) {
        if (count == 0) return new float[0][];
        Tensor x = Tensor.fromArray(new NdArray(DType.FLOAT32, new long[] {count, width},
                features.length == count * width ? features : java.util.Arrays.copyOf(features, count * width)));
        Tensor y = model.forward(x);
        long[] shape = y.shape();
        if (shape.length != 2 || shape[0] != count) {
            throw new IllegalArgumentException(model.className() + ".forward returned a " + java.util.Arrays.toString(shape)
                    + " tensor for " + count + " rows; scoring needs one result row per input row");
        }
        float[] flat = y.toFloatArray();
        int outWidth = (int) shape[1];
        float[][] out = new float[count][];
        for (int r = 0; r < count; r++) out[r] = java.util.Arrays.copyOfRange(flat, r * outWidth, (r + 1) * outWidth);
        return out;
    }

    /** Scores every row, {@code batchSize} at a time, in this thread: the single-JVM baseline. */
    public static float[][] scoreAll(ScriptModule model, float[][] rows, int batchSize) {
        float[][] out = new float[rows.length][];
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] buf = new float[batchSize * width];
        for (int start = 0; start < rows.length; start += batchSize) {
            int n = Math.min(batchSize, rows.length - start);
            for (int r = 0; r < n; r++) {
                float[] row = rows[start + r];
                if (row.length != width) {
                    throw new IllegalArgumentException("row " + (start + r) + " has " + row.length + " features; the first row has " + width);
                }
                System.arraycopy(row, 0, buf, r * width, width);
            }
            float[][] scored = score(model, buf, n, width);
            System.arraycopy(scored, 0, out, start, n);
        }
        return out;
    }
}
