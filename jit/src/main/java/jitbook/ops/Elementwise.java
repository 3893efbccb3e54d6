package jitbook.ops;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The loops behind elementwise kernels: dtype promotion, scalar operands and NumPy
 * broadcasting. Same-shape float32 operands (the common case in models) take a direct loop over
 * the arrays; other layouts are expanded to the broadcast shape first.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** A scalar function with a float32 form (defaults to the double one) and an optional int64 form. */
    public interface Binary extends DoubleBinaryOperator {
        default float applyFloat(float a, float b) {
            return (float) applyAsDouble(a, b);
        }
    }

    public interface Unary extends DoubleUnaryOperator {
        default float applyFloat(float a) {
            return (float) applyAsDouble(a);
        }
    }

    /** The dtype of a binary op's result: tensors promote; a Java number adopts the tensor's kind unless it is a float and the tensor is not. */
    public static DType resultType(Object a, Object b) {
        if (a instanceof NdArray && b instanceof NdArray) {
            NdArray x = (NdArray) a;
            NdArray y = (NdArray) b;
            // A 0-d tensor does not promote a dimensioned tensor of the same category (PyTorch's rule).
            if (x.rank() == 0 && y.rank() > 0 && x.dtype().isFloating() == y.dtype().isFloating()) return y.dtype();
            if (y.rank() == 0 && x.rank() > 0 && x.dtype().isFloating() == y.dtype().isFloating()) return x.dtype();
            return DType.promote(x.dtype(), y.dtype());
        }
        if (a instanceof NdArray) return withScalar(((NdArray) a).dtype(), b);
        if (b instanceof NdArray) return withScalar(((NdArray) b).dtype(), a);
        return scalarType(a) == DType.INT64 && scalarType(b) == DType.INT64 ? DType.INT64 : DType.FLOAT32;
    }

    private static DType withScalar(DType t, Object s) {
        DType st = scalarType(s);
        if (t == DType.BOOL) return st == DType.BOOL ? DType.BOOL : st == DType.INT64 ? DType.INT64 : DType.FLOAT32;
        if (t == DType.INT64 && st.isFloating()) return DType.FLOAT32;
        return t;
    }

    public static DType scalarType(Object s) {
        if (s instanceof Double || s instanceof Float) return DType.FLOAT64;
        if (s instanceof Boolean) return DType.BOOL;
        if (s instanceof Number) return DType.INT64;
        throw new IllegalArgumentException("not a scalar: " + s);
    }

    /** Turns a tensor-or-number operand into an array of the given dtype (a 0-d one for numbers). */
    public static NdArray asArray(Object v, DType dtype) {
        if (v instanceof NdArray) {
            NdArray a = (NdArray) v;
            return a.dtype() == dtype ? a : a.to(dtype);
        }
        NdArray a = NdArray.zeros(dtype, new long[0]);
        if (v instanceof Boolean) {
            a.setDouble(0, (Boolean) v ? 1 : 0);
        } else if (dtype == DType.INT64) {
            a.setLong(0, ((Number) v).longValue());
        } else {
            a.setDouble(0, ((Number) v).doubleValue());
        }
        return a;
    }

    public static long[] shapeOf(Object v) {
        return v instanceof NdArray ? ((NdArray) v).shape() : new long[0];
    }

    /** Rejects an operand that is neither a tensor nor a Java number or bool, naming the op. */
    public static void checkOperand(String op, Object v, int i) {
        if (!(v instanceof NdArray || v instanceof Number || v instanceof Boolean)) {
            throw new OpException(op, "argument " + i + " must be a tensor or a number, got " + Args.describe(v));
        }
    }

    /** Arithmetic: the result has the promoted dtype (bool arithmetic computes in int64). */
    public static NdArray binary(String op, Object a, Object b, Binary f, LongBinaryOperator fl) {
        return binary(op, a, b, f, fl, false);
    }

    /**
     * Arithmetic whose bool-with-bool form stays bool, as PyTorch's add (or), mul (and), maximum
     * and minimum do: computed in int64, stored as nonzero.
     */
    public static NdArray binary(String op, Object a, Object b, Binary f, LongBinaryOperator fl, boolean keepsBool) {
        checkOperand(op, a, 0);
        checkOperand(op, b, 1);
        DType t = resultType(a, b);
        if (t == DType.BOOL && keepsBool) return binaryInto(op, a, b, DType.INT64, DType.BOOL, f, fl);
        if (t == DType.BOOL) t = DType.INT64;
        if (t == DType.INT64 && fl == null) t = DType.FLOAT32;
        return binaryInto(op, a, b, t, t, f, fl);
    }

    /** True for a bool tensor or a Java boolean. */
    public static boolean isBool(Object v) {
        return v instanceof Boolean || v instanceof NdArray && ((NdArray) v).dtype() == DType.BOOL;
    }

    /** Comparisons and other predicates: computed in the promoted dtype, result bool. */
    public static NdArray compare(String op, Object a, Object b, Binary f, LongBinaryOperator fl) {
        checkOperand(op, a, 0);
        checkOperand(op, b, 1);
        DType t = resultType(a, b);
        if (t == DType.BOOL) t = DType.INT64;
        return binaryInto(op, a, b, t, DType.BOOL, f, fl);
    }

    private static NdArray binaryInto(String op, Object a, Object b, DType compute, DType outType,
                                      Binary f, LongBinaryOperator fl) {
        long[] shape = Shapes.broadcast(op, shapeOf(a), shapeOf(b));
        NdArray x = asArray(a, compute);
        NdArray y = asArray(b, compute);
        int n = Shapes.numel(shape);
        NdArray out = NdArray.zeros(outType, shape);
        if (compute == DType.FLOAT32 && outType == DType.FLOAT32) {
            float[] o = out.floats();
            float[] xs = x.floats();
            float[] ys = y.floats();
            if (xs.length == n && ys.length == n) {
                for (int i = 0; i < n; i++) o[i] = f.applyFloat(xs[i], ys[i]);
                return out;
            }
            if (xs.length == n && ys.length == 1) {
                float s = ys[0];
                for (int i = 0; i < n; i++) o[i] = f.applyFloat(xs[i], s);
                return out;
            }
            if (ys.length == n && xs.length == 1) {
                float s = xs[0];
                for (int i = 0; i < n; i++) o[i] = f.applyFloat(s, ys[i]);
                return out;
            }
        }
        BroadcastIndex ix = new BroadcastIndex(x.shape(), shape);
        BroadcastIndex iy = new BroadcastIndex(y.shape(), shape);
        boolean integer = compute == DType.INT64 && fl != null;
        for (int i = 0; i < n; i++) {
            int p = ix.offset(i);
            int q = iy.offset(i);
            if (integer) {
                long r = fl.applyAsLong(x.getLong(p), y.getLong(q));
                if (outType == DType.BOOL) out.setDouble(i, r); else out.setLong(i, r);
            } else {
                out.setDouble(i, f.applyAsDouble(x.getDouble(p), y.getDouble(q)));
            }
        }
        return out;
    }

    /** Unary math: float inputs keep their dtype; integer inputs become float32 unless {@code fl} keeps them integral. */
    public static NdArray unary(String op, Object a, Unary f, LongUnaryOperator fl) {
        checkOperand(op, a, 0);
        NdArray x = a instanceof NdArray ? (NdArray) a : asArray(a, scalarType(a) == DType.FLOAT64 ? DType.FLOAT32 : DType.INT64);
        DType t = x.dtype();
        if (!t.isFloating() && fl == null) t = DType.FLOAT32;
        if (t == DType.BOOL) t = DType.INT64;
        int n = x.numel();
        NdArray out = NdArray.zeros(t, x.shape());
        switch (t) {
            case FLOAT32: {
                float[] o = out.floats();
                if (x.dtype() == DType.FLOAT32) {
                    float[] xs = x.floats();
                    for (int i = 0; i < n; i++) o[i] = f.applyFloat(xs[i]);
                } else {
                    for (int i = 0; i < n; i++) o[i] = f.applyFloat((float) x.getDouble(i));
                }
                break;
            }
            case FLOAT64: {
                double[] o = out.doubles();
                double[] xs = x.doubles();
                for (int i = 0; i < n; i++) o[i] = f.applyAsDouble(xs[i]);
                break;
            }
            default: {
                long[] o = out.longs();
                for (int i = 0; i < n; i++) o[i] = fl.applyAsLong(x.getLong(i));
            }
        }
        return out;
    }

    /** Maps a flat index in a broadcast result to the flat index in one operand. */
    static final class BroadcastIndex {
        private final long[] outShape;
        private final long[] strides;
        private final boolean identity;
        private final boolean scalar;

        BroadcastIndex(long[] shape, long[] outShape) {
            this.outShape = outShape;
            this.strides = Shapes.broadcastStrides(shape, outShape);
            this.identity = java.util.Arrays.equals(shape, outShape);
            this.scalar = Shapes.numel(shape) == 1;
        }

        int offset(int flat) {
            if (identity) return flat;
            if (scalar) return 0;
            long off = 0;
            long rem = flat;
            for (int d = outShape.length - 1; d >= 0; d--) {
                long size = outShape[d];
                long idx = rem % size;
                rem /= size;
                off += idx * strides[d];
            }
            return (int) off;
        }
    }
}
