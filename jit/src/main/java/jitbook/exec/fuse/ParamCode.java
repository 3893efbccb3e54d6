package jitbook.exec.fuse;

import jitbook.ops.DType;
import jitbook.ops.NdArray;

/**
 * The part of a kernel's signature one parameter contributes, as an int: for a tensor its dtype,
 * whether it is 0-d (which matters to dtype promotion) and its {@link Layout}; for a Java scalar
 * its boxed class. Equal codes for every parameter mean the same generated code.
 */
final class ParamCode {
    private ParamCode() {
    }

    static final int UNSUPPORTED = -1;
    private static final int TENSOR = 1000;
    private static final Class<?>[] SCALARS = {Double.class, Float.class, Integer.class, Long.class, Boolean.class};

    static int tensor(DType dtype, boolean rank0, Layout layout) {
        return TENSOR + dtype.ordinal() * 100 + (rank0 ? 10 : 0) + layout.ordinal();
    }

    static int scalar(Object v) {
        for (int i = 0; i < SCALARS.length; i++) {
            if (SCALARS[i].isInstance(v)) return i;
        }
        return UNSUPPORTED;
    }

    static boolean isTensor(int code) {
        return code >= TENSOR;
    }

    static DType dtype(int code) {
        return DType.values()[(code - TENSOR) / 100];
    }

    static boolean rank0(int code) {
        return (code - TENSOR) % 100 >= 10;
    }

    static Layout layout(int code) {
        return Layout.values()[(code - TENSOR) % 10];
    }

    /** A stand-in for the runtime value, for the registry's dtype rules. */
    static Object dummyScalar(int code) {
        switch (code) {
            case 0: return 0.0;
            case 1: return 0f;
            case 2: return 0;
            case 3: return 0L;
            default: return false;
        }
    }

    static String describe(int code) {
        if (isTensor(code)) {
            return dtype(code).irName() + (rank0(code) ? " 0-d" : "") + " tensor, " + layout(code).name().toLowerCase();
        }
        return code == UNSUPPORTED ? "unsupported value" : SCALARS[code].getSimpleName() + " scalar";
    }

    static NdArray dummyArray(DType dtype, boolean rank0) {
        return NdArray.zeros(dtype, rank0 ? new long[0] : new long[] {1});
    }
}
