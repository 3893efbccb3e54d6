package jitbook.ops;

import java.util.Arrays;

/**
 * A dense, contiguous, row-major n-dimensional array on the Java heap: the storage every eager
 * kernel reads and writes. The data array's class follows the dtype: {@code float[]} for
 * FLOAT32, {@code double[]} for FLOAT64, {@code long[]} for INT64, {@code boolean[]} for BOOL.
 *
 * <p>Why the heap and not ND4J for storage: ND4J allocates each new small array in 9-13 us and
 * frees off-heap memory only when the GC runs; heap arrays cost nanoseconds, are freed by the
 * ordinary collector, and are what generated fused loops can read. ND4J is called for work
 * where its native code pays (BLAS matrix products, convolutions), see {@code Gemm} and {@code OpenBlas}.
 *
 * <p>Views (transpose, narrow ...) are materialized by the shape ops, so every NdArray is
 * contiguous. Instances are treated as immutable once built, except by the few explicitly
 * in-place operations on {@code Tensor}.
 */
public final class NdArray {
    private final DType dtype;
    private final long[] shape;
    private final Object data;
    private final int numel;

    public NdArray(DType dtype, long[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        this.numel = Shapes.numel(shape);
        if (lengthOf(data) != numel) {
            throw new IllegalArgumentException("data length " + lengthOf(data) + " does not match shape "
                    + Arrays.toString(shape));
        }
    }

    public static NdArray zeros(DType dtype, long[] shape) {
        return new NdArray(dtype, shape, allocate(dtype, Shapes.numel(shape)));
    }

    public static NdArray scalar(DType dtype, double value) {
        NdArray a = zeros(dtype, new long[0]);
        a.setDouble(0, value);
        return a;
    }

    public static Object allocate(DType dtype, int n) {
        switch (dtype) {
            case FLOAT32: return new float[n];
            case FLOAT64: return new double[n];
            case INT64: return new long[n];
            default: return new boolean[n];
        }
    }

    private static int lengthOf(Object data) {
        if (data instanceof float[]) return ((float[]) data).length;
        if (data instanceof double[]) return ((double[]) data).length;
        if (data instanceof long[]) return ((long[]) data).length;
        if (data instanceof boolean[]) return ((boolean[]) data).length;
        throw new IllegalArgumentException("unsupported data array " + data.getClass());
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape; use {@link #dim(int)} and {@link #rank()} in loops. */
    public long[] shape() {
        return shape.clone();
    }

    long[] shapeRef() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int d) {
        return shape[d];
    }

    public int numel() {
        return numel;
    }

    /** The backing array (not a copy): {@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]}. */
    public Object data() {
        return data;
    }

    public float[] floats() {
        return (float[]) data;
    }

    public double[] doubles() {
        return (double[]) data;
    }

    public long[] longs() {
        return (long[]) data;
    }

    public boolean[] bools() {
        return (boolean[]) data;
    }

    public double getDouble(int i) {
        switch (dtype) {
            case FLOAT32: return ((float[]) data)[i];
            case FLOAT64: return ((double[]) data)[i];
            case INT64: return ((long[]) data)[i];
            default: return ((boolean[]) data)[i] ? 1.0 : 0.0;
        }
    }

    public long getLong(int i) {
        switch (dtype) {
            case INT64: return ((long[]) data)[i];
            case BOOL: return ((boolean[]) data)[i] ? 1L : 0L;
            default: return (long) getDouble(i);
        }
    }

    public void setDouble(int i, double v) {
        switch (dtype) {
            case FLOAT32: ((float[]) data)[i] = (float) v; break;
            case FLOAT64: ((double[]) data)[i] = v; break;
            case INT64: ((long[]) data)[i] = (long) v; break;
            default: ((boolean[]) data)[i] = v != 0.0;
        }
    }

    public void setLong(int i, long v) {
        if (dtype == DType.INT64) {
            ((long[]) data)[i] = v;
        } else {
            setDouble(i, v);
        }
    }

    public NdArray reshapeView(long[] newShape) {
        return new NdArray(dtype, newShape, data);
    }

    public NdArray copy() {
        Object d;
        switch (dtype) {
            case FLOAT32: d = ((float[]) data).clone(); break;
            case FLOAT64: d = ((double[]) data).clone(); break;
            case INT64: d = ((long[]) data).clone(); break;
            default: d = ((boolean[]) data).clone();
        }
        return new NdArray(dtype, shape, d);
    }

    /** Converts to another dtype (a copy even when the dtype is the same). */
    public NdArray to(DType target) {
        if (target == dtype) {
            return copy();
        }
        NdArray out = zeros(target, shape);
        if (target == DType.INT64) {
            for (int i = 0; i < numel; i++) out.setLong(i, getLong(i));
        } else {
            for (int i = 0; i < numel; i++) out.setDouble(i, getDouble(i));
        }
        return out;
    }

    /** Row-major strides in elements. */
    public long[] strides() {
        return Shapes.contiguousStrides(shape);
    }

    @Override
    public String toString() {
        return "NdArray(" + dtype.irName() + Arrays.toString(shape) + ")";
    }
}
