package jitbook.tensor;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import jitbook.ops.DType;
import jitbook.ops.NdArray;

/**
 * Copies between heap tensors and ND4J arrays. Kept apart from {@link Tensor} so that ND4J (and
 * its native libraries) loads only when someone actually crosses the bridge.
 */
final class Nd4jInterop {
    private Nd4jInterop() {
    }

    static NdArray fromINDArray(INDArray a) {
        // Checked here, in Java: ND4J would otherwise take a closed array's freed buffer or a
        // string array's bytes into native code.
        if (a == null) throw new IllegalArgumentException("Tensor.of(null)");
        if (a.wasClosed()) throw new IllegalArgumentException("Tensor.of: the INDArray was closed; its memory is gone");
        if (!a.dataType().isNumerical() && a.dataType() != DataType.BOOL) {
            throw new IllegalArgumentException("Tensor.of: an INDArray of " + a.dataType() + " has no tensor dtype "
                    + "(numbers and booleans only)");
        }
        long[] shape = a.shape();
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        switch (a.dataType()) {
            case FLOAT: return new NdArray(DType.FLOAT32, shape, c.data().asFloat());
            case DOUBLE: return new NdArray(DType.FLOAT64, shape, c.data().asDouble());
            case LONG: case INT: case SHORT: case BYTE: case UBYTE:
                return new NdArray(DType.INT64, shape, c.data().asLong());
            case BOOL: {
                long[] l = c.castTo(DataType.LONG).data().asLong();
                boolean[] b = new boolean[l.length];
                for (int i = 0; i < l.length; i++) b[i] = l[i] != 0;
                return new NdArray(DType.BOOL, shape, b);
            }
            default:
                return new NdArray(DType.FLOAT32, shape, c.castTo(DataType.FLOAT).data().asFloat());
        }
    }

    static INDArray toINDArray(NdArray a) {
        long[] shape = a.shape();
        switch (a.dtype()) {
            case FLOAT32: return Nd4j.create(a.floats(), shape, 'c');
            case FLOAT64: return Nd4j.create(a.doubles(), shape, 'c');
            case INT64: return Nd4j.createFromArray(a.longs()).reshape(shape);
            default: return Nd4j.createFromArray(a.bools()).reshape(shape);
        }
    }
}
