package jitbook.ops;

/**
 * Element types of tensors. The wire names ({@link #irName()}) appear in printed IR and saved
 * files, so they are stable: {@code Float}, {@code Double}, {@code Long}, {@code Bool}, as
 * TorchScript prints them.
 */
public enum DType {
    FLOAT32("Float", 4),
    FLOAT64("Double", 8),
    INT64("Long", 8),
    BOOL("Bool", 1);

    private final String irName;
    private final int byteSize;

    DType(String irName, int byteSize) {
        this.irName = irName;
        this.byteSize = byteSize;
    }

    public String irName() {
        return irName;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    public static DType fromIrName(String name) {
        for (DType d : values()) {
            if (d.irName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "'");
    }

    /** Type promotion as in PyTorch for tensor-tensor operations: bool < long < float < double. */
    public static DType promote(DType a, DType b) {
        return a.ordinalRank() >= b.ordinalRank() ? a : b;
    }

    private int ordinalRank() {
        switch (this) {
            case BOOL: return 0;
            case INT64: return 1;
            case FLOAT32: return 2;
            default: return 3;
        }
    }
}
