package jitbook.ops;

import java.util.Arrays;

/**
 * What is known about a tensor without its data: its dtype and, when known, its shape (a
 * {@code null} shape means "unknown rank"; a dimension of -1 means "unknown size"). Shape rules
 * map these to the result's spec; the IR's tensor types carry one.
 */
public final class TensorSpec {
    public final DType dtype;
    public final long[] shape;

    public TensorSpec(DType dtype, long[] shape) {
        this.dtype = dtype;
        this.shape = shape == null ? null : shape.clone();
    }

    public static TensorSpec of(NdArray a) {
        return new TensorSpec(a.dtype(), a.shape());
    }

    public static TensorSpec unknownShape(DType dtype) {
        return new TensorSpec(dtype, null);
    }

    public boolean hasShape() {
        if (shape == null) return false;
        for (long d : shape) {
            if (d < 0) return false;
        }
        return true;
    }

    public int rankOrMinusOne() {
        return shape == null ? -1 : shape.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorSpec)) return false;
        TensorSpec t = (TensorSpec) o;
        return dtype == t.dtype && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return dtype.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return dtype.irName() + (shape == null ? "(*)" : Arrays.toString(shape));
    }
}
