package jitbook.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpException;
import jitbook.ops.OpNames;

/**
 * Static factories for tensors, as {@code torch.*}: from Java arrays (nested too, keeping their
 * element type), filled and random tensors, and the ops that take several tensors
 * ({@code cat}, {@code stack}, {@code where}).
 */
public final class Tensors {
    private Tensors() {
    }

    /**
     * A tensor from a Java array, nested to any depth, or a boxed number: {@code float[]} gives
     * float32, {@code double[]} float64, {@code int[]}/{@code long[]} int64, {@code boolean[]} bool.
     * Nested arrays must be rectangular.
     */
    public static Tensor tensor(Object data) {
        if (data instanceof Number || data instanceof Boolean) {
            return scalarTensor(data);
        }
        if (data == null || !data.getClass().isArray()) {
            throw new OpException("tensor", "expected a Java array or number, got " + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        List<Long> shape = new ArrayList<>();
        Class<?> leaf = data.getClass();
        Object probe = data;
        while (leaf.isArray()) {
            int n = Array.getLength(probe);
            shape.add((long) n);
            leaf = leaf.getComponentType();
            if (leaf.isArray()) {
                if (n == 0) {
                    throw new OpException("tensor", "cannot infer the shape of an empty nested array");
                }
                probe = Array.get(probe, 0);
            }
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        DType dtype = dtypeOf(leaf);
        NdArray out = NdArray.zeros(dtype, dims);
        int[] pos = {0};
        fill(data, 0, dims, out, pos);
        return new Tensor(out);
    }

    public static Tensor tensor(float... data) {
        return new Tensor(new NdArray(DType.FLOAT32, new long[] {data.length}, data.clone()));
    }

    public static Tensor tensor(double... data) {
        return new Tensor(new NdArray(DType.FLOAT64, new long[] {data.length}, data.clone()));
    }

    public static Tensor tensor(long... data) {
        return new Tensor(new NdArray(DType.INT64, new long[] {data.length}, data.clone()));
    }

    public static Tensor tensor(int... data) {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) l[i] = data[i];
        return new Tensor(new NdArray(DType.INT64, new long[] {data.length}, l));
    }

    public static Tensor tensor(boolean... data) {
        return new Tensor(new NdArray(DType.BOOL, new long[] {data.length}, data.clone()));
    }

    /** A 0-d tensor holding one number (float32 for floating values, int64 for integers). */
    public static Tensor scalarTensor(Object value) {
        if (value instanceof Boolean) {
            return new Tensor(new NdArray(DType.BOOL, new long[0], new boolean[] {(Boolean) value}));
        }
        Number n = (Number) value;
        if (n instanceof Double || n instanceof Float) {
            return new Tensor(new NdArray(DType.FLOAT32, new long[0], new float[] {n.floatValue()}));
        }
        return new Tensor(new NdArray(DType.INT64, new long[0], new long[] {n.longValue()}));
    }

    private static DType dtypeOf(Class<?> leaf) {
        if (leaf == float.class || leaf == Float.class) return DType.FLOAT32;
        if (leaf == double.class || leaf == Double.class) return DType.FLOAT64;
        if (leaf == int.class || leaf == long.class || leaf == short.class || leaf == byte.class
                || leaf == Integer.class || leaf == Long.class) return DType.INT64;
        if (leaf == boolean.class || leaf == Boolean.class) return DType.BOOL;
        throw new OpException("tensor", "unsupported element type " + leaf.getSimpleName());
    }

    private static void fill(Object arr, int depth, long[] dims, NdArray out, int[] pos) {
        int n = Array.getLength(arr);
        if (n != dims[depth]) {
            throw new OpException("tensor", "nested arrays are not rectangular: expected length " + dims[depth]
                    + " at depth " + depth + ", found " + n);
        }
        if (depth == dims.length - 1) {
            for (int i = 0; i < n; i++) {
                Object v = Array.get(arr, i);
                if (v instanceof Boolean) {
                    out.bools()[pos[0]++] = (Boolean) v;
                } else if (out.dtype() == DType.INT64) {
                    out.setLong(pos[0]++, ((Number) v).longValue());
                } else {
                    out.setDouble(pos[0]++, ((Number) v).doubleValue());
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Object sub = Array.get(arr, i);
            if (sub == null || !sub.getClass().isArray()) {
                throw new OpException("tensor", "nested arrays are not rectangular at depth " + (depth + 1));
            }
            fill(sub, depth + 1, dims, out, pos);
        }
    }

    // ---- filled and random tensors (ops, so a trace records them) ----------------------------

    /** A float32 tensor of zeros. */
    public static Tensor zeros(long... shape) {
        return zeros(shape, DType.FLOAT32);
    }

    public static Tensor zeros(long[] shape, DType dtype) {
        return Dispatcher.tensor(OpNames.ZEROS, shape, dtype.irName());
    }

    /** A float32 tensor of ones. */
    public static Tensor ones(long... shape) {
        return ones(shape, DType.FLOAT32);
    }

    public static Tensor ones(long[] shape, DType dtype) {
        return Dispatcher.tensor(OpNames.ONES, shape, dtype.irName());
    }

    /** A float32 tensor with every element {@code value}. */
    public static Tensor full(long[] shape, double value) {
        return full(shape, value, DType.FLOAT32);
    }

    public static Tensor full(long[] shape, double value, DType dtype) {
        return Dispatcher.tensor(OpNames.FULL, shape, value, dtype.irName());
    }

    /** The int64 tensor {@code [0, 1, ..., end-1]}. */
    public static Tensor arange(long end) {
        return arange(0, end);
    }

    /** The int64 tensor {@code [start, start+1, ..., end-1]}. */
    public static Tensor arange(long start, long end) {
        return Dispatcher.tensor(OpNames.ARANGE, start, end, 1L);
    }

    /** The int64 tensor {@code [start, start+step, ...]} up to but excluding {@code end}, as PyTorch's for integer arguments. */
    public static Tensor arange(long start, long end, long step) {
        return Dispatcher.tensor(OpNames.ARANGE, start, end, step);
    }

    /** The float32 tensor {@code [start, start+step, ...]} up to but excluding {@code end}. */
    public static Tensor arange(double start, double end, double step) {
        return Dispatcher.tensor(OpNames.ARANGE, start, end, step);
    }

    /** The n-by-n float32 identity matrix. */
    public static Tensor eye(long n) {
        return Dispatcher.tensor(OpNames.EYE, n, DType.FLOAT32.irName());
    }

    /** Uniform samples in [0, 1), float32, from the global generator ({@link #manualSeed(long)}). */
    public static Tensor rand(long... shape) {
        return Dispatcher.tensor(OpNames.RAND, shape, DType.FLOAT32.irName());
    }

    /** Standard normal samples, float32, from the global generator ({@link #manualSeed(long)}). */
    public static Tensor randn(long... shape) {
        return Dispatcher.tensor(OpNames.RANDN, shape, DType.FLOAT32.irName());
    }

    /**
     * Restarts the global random generator behind {@code rand}, {@code randn}, dropout and layer
     * initialization, as {@code torch.manual_seed}: a seeded program draws the same numbers every run.
     */
    public static void manualSeed(long seed) {
        jitbook.ops.Rng.manualSeed(seed);
    }

    /** Zeros with the shape and dtype of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return Dispatcher.tensor(OpNames.ZEROS_LIKE, like);
    }

    /** Ones with the shape and dtype of {@code like}. */
    public static Tensor onesLike(Tensor like) {
        return Dispatcher.tensor(OpNames.ONES_LIKE, like);
    }

    // ---- ops over several tensors -----------------------------------------------------------

    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Dispatcher.tensor(OpNames.CAT, tensors, (long) dim);
    }

    public static Tensor cat(int dim, Tensor... tensors) {
        return cat(Arrays.asList(tensors), dim);
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Dispatcher.tensor(OpNames.STACK, tensors, (long) dim);
    }

    public static Tensor stack(int dim, Tensor... tensors) {
        return stack(Arrays.asList(tensors), dim);
    }

    /** Elementwise {@code condition ? a : b}. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Dispatcher.tensor(OpNames.WHERE, condition, a, b);
    }

    public static Tensor where(Tensor condition, Tensor a, double b) {
        return Dispatcher.tensor(OpNames.WHERE, condition, a, b);
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        return a.matmul(b);
    }
}
