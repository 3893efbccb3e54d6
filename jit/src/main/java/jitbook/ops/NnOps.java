package jitbook.ops;

import static jitbook.ops.OpTrait.MAY_THROW;
import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.OpTrait.RANDOM;
import static jitbook.ops.ShapeOps.grads;

import java.util.Arrays;

/**
 * Neural-network ops: conv2d and max_pool2d (NCHW, see {@link Conv}), dropout's mask,
 * embedding and layer_norm (losses are in {@link LossOps}), each with the gradient-only ops its
 * rule needs.
 */
final class NnOps {
    private NnOps() {
    }

    static void register(OpRegistry r) {
        convolution(r);
        pooling(r);
        dropout(r);
        embedding(r);
        LossOps.register(r);
        NormOps.register(r);
    }

    private static void convolution(OpRegistry r) {
        String cv = "tensor::conv2d";
        OpDef.builder(cv, "conv2d(Tensor input, Tensor weight, Tensor? bias, int[] stride, int[] padding) -> Tensor")
                .kernel(a -> ConvKernels.conv2d(cv, Args.array(cv, a, 0), Args.array(cv, a, 1), Args.optionalArray(cv, a, 2),
                        Args.longs(cv, a, 3), Args.longs(cv, a, 4)))
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(cv, a, 0);
                    TensorSpec w = RuleArgs.spec(cv, a, 1);
                    TensorSpec b = RuleArgs.optSpec(cv, a, 2);
                    DType t = DType.promote(x.dtype, w.dtype);
                    if (b != null) t = DType.promote(t, b.dtype);
                    if (!t.isFloating()) throw new OpException(cv, "expects floating tensors, got " + x + " and " + w);
                    long[] s = RuleArgs.longsOrNull(cv, a, 3);
                    long[] p = RuleArgs.longsOrNull(cv, a, 4);
                    if (!x.hasShape() || !w.hasShape() || s == null || p == null) return new TensorSpec(t, RuleArgs.unknownDims(4));
                    return new TensorSpec(t, Conv.convGeometry(cv, x.shape, w.shape, s, p).outShape());
                })
                .grad((g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object w = in.get(1);
                    Object b = in.get(2);
                    Object gx = g.isFloatingTensor(x)
                            ? g.op("tensor::conv2d_backward_input", gy, x, w, in.get(3), in.get(4)) : null;
                    Object gw = g.isFloatingTensor(w)
                            ? g.op("tensor::conv2d_backward_weight", gy, x, w, in.get(3), in.get(4)) : null;
                    Object gb = b != null && g.isFloatingTensor(b) ? g.op("tensor::sum", gy, new long[] {0, 2, 3}, false) : null;
                    return grads(gx, gw, gb, null, null);
                })
                .traits(PURE)
                .doc("2-D convolution (cross-correlation) of an (N, C, H, W) input with an (O, C, KH, KW) weight; "
                        + "stride and padding have 1 or 2 elements.").register(r);

        String bi = "tensor::conv2d_backward_input";
        OpDef.builder(bi, "conv2dBackwardInput(Tensor grad, Tensor input, Tensor weight, int[] stride, int[] padding) -> Tensor")
                .kernel(a -> ConvKernels.conv2dBackwardInput(bi, Args.array(bi, a, 0), Args.array(bi, a, 1), Args.array(bi, a, 2),
                        Args.longs(bi, a, 3), Args.longs(bi, a, 4)))
                .shape(a -> new TensorSpec(DType.promote(RuleArgs.spec(bi, a, 0).dtype, RuleArgs.spec(bi, a, 2).dtype),
                        RuleArgs.spec(bi, a, 1).shape))
                .notDifferentiable("only used by gradients (of conv2d)")
                .traits(PURE)
                .doc("The gradient of conv2d with respect to its input (a transposed convolution of grad).").register(r);

        String bw = "tensor::conv2d_backward_weight";
        OpDef.builder(bw, "conv2dBackwardWeight(Tensor grad, Tensor input, Tensor weight, int[] stride, int[] padding) -> Tensor")
                .kernel(a -> ConvKernels.conv2dBackwardWeight(bw, Args.array(bw, a, 0), Args.array(bw, a, 1), Args.array(bw, a, 2),
                        Args.longs(bw, a, 3), Args.longs(bw, a, 4)))
                .shape(a -> new TensorSpec(DType.promote(RuleArgs.spec(bw, a, 0).dtype, RuleArgs.spec(bw, a, 1).dtype),
                        RuleArgs.spec(bw, a, 2).shape))
                .notDifferentiable("only used by gradients (of conv2d)")
                .traits(PURE)
                .doc("The gradient of conv2d with respect to its weight (grad correlated with the input's columns).")
                .register(r);
    }

    private static void pooling(OpRegistry r) {
        String mp = "tensor::max_pool2d";
        OpDef.builder(mp, "maxPool2d(Tensor self, int[] kernel_size, int[] stride) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(mp, a, 0);
                    Conv.Geometry g = Conv.poolGeometry(mp, x.shape(), Args.longs(mp, a, 1), Args.longs(mp, a, 2));
                    return PoolKernels.maxPool(x, g, null);
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(mp, a, 0);
                    long[] k = RuleArgs.longsOrNull(mp, a, 1);
                    long[] s = RuleArgs.longsOrNull(mp, a, 2);
                    if (!x.hasShape() || k == null || s == null) return new TensorSpec(x.dtype, RuleArgs.unknownDims(4));
                    return new TensorSpec(x.dtype, Conv.poolGeometry(mp, x.shape, k, s).outShape());
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::max_pool2d_backward", gy, in.get(0), in.get(1), in.get(2)), null, null))
                .traits(PURE)
                .doc("Maximum over kernel_size windows of an (N, C, H, W) input, no padding; an empty stride means "
                        + "stride = kernel_size.").register(r);

        String mb = "tensor::max_pool2d_backward";
        OpDef.builder(mb, "maxPool2dBackward(Tensor grad, Tensor self, int[] kernel_size, int[] stride) -> Tensor")
                .kernel(a -> {
                    NdArray gy = Args.array(mb, a, 0);
                    NdArray x = Args.array(mb, a, 1);
                    Conv.Geometry g = Conv.poolGeometry(mb, x.shape(), Args.longs(mb, a, 2), Args.longs(mb, a, 3));
                    Conv.checkGrad(mb, gy, g);
                    return PoolKernels.maxPoolBackward(gy, x, g);
                })
                .shape(a -> new TensorSpec(RuleArgs.spec(mb, a, 0).dtype, RuleArgs.spec(mb, a, 1).shape))
                .notDifferentiable("only used by gradients (of max_pool2d)")
                .traits(PURE)
                .doc("Routes each window's gradient to the (first) position of its maximum.").register(r);
    }

    private static void dropout(OpRegistry r) {
        String dm = "tensor::dropout_mask";
        OpDef.builder(dm, "dropoutMask(Tensor self, float p, bool train) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(dm, a, 0);
                    double p = Args.doubleArg(dm, a, 1);
                    if (!(p >= 0 && p <= 1)) {
                        throw new OpException(dm, "probability p must be in [0, 1], got " + p + " (input of shape "
                                + Shapes.str(x.shape()) + ")");
                    }
                    NdArray out = NdArray.zeros(x.dtype().isFloating() ? x.dtype() : DType.FLOAT32, x.shape());
                    if (!Args.boolArg(dm, a, 2) || p == 0) {
                        for (int i = 0; i < out.numel(); i++) out.setDouble(i, 1.0);
                    } else if (p < 1) {
                        Rng.bernoulliScaled(out, p, 1.0 / (1.0 - p));
                    }
                    return out;
                })
                .shape(ShapeRules.SAME_FLOAT)
                .notDifferentiable("a random mask: dropout's gradient flows through self * mask")
                .traits(RANDOM)
                .doc("Dropout's mask for self: each element 1/(1-p) with probability 1-p, else 0; all ones when not "
                        + "training. Eager dropout is self * mask.").register(r);
    }

    private static void embedding(OpRegistry r) {
        String em = "tensor::embedding";
        OpDef.builder(em, "embedding(Tensor weight, Tensor indices) -> Tensor")
                .kernel(a -> {
                    NdArray w = Args.array(em, a, 0);
                    NdArray ix = Args.array(em, a, 1);
                    long[] shape = embeddingShape(em, w.shape(), ix.dtype(), ix.shape());
                    long[] rows = IndexOps.indices(em, ix, w.dim(0), "an embedding table of shape " + Shapes.str(w.shape()));
                    checkNonNegative(em, ix, w);
                    int d = (int) w.dim(1);
                    NdArray out = NdArray.zeros(w.dtype(), shape);
                    for (int i = 0; i < rows.length; i++) {
                        System.arraycopy(w.data(), (int) rows[i] * d, out.data(), i * d, d);
                    }
                    return out;
                })
                .shape(a -> {
                    TensorSpec w = RuleArgs.spec(em, a, 0);
                    TensorSpec ix = RuleArgs.spec(em, a, 1);
                    if (!w.hasShape() || ix.shape == null) {
                        embeddingShape(em, new long[] {1, 1}, ix.dtype, new long[0]);
                        return TensorSpec.unknownShape(w.dtype);
                    }
                    return new TensorSpec(w.dtype, embeddingShape(em, w.shape, ix.dtype, ix.shape));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::embedding_backward", gy, in.get(0), in.get(1)), null))
                .traits(PURE, MAY_THROW)
                .doc("Rows of weight (num_embeddings, dim) picked by int64 indices of any shape: result (*indices, dim).")
                .register(r);

        String eb = "tensor::embedding_backward";
        OpDef.builder(eb, "embeddingBackward(Tensor grad, Tensor weight, Tensor indices) -> Tensor")
                .kernel(a -> {
                    NdArray gy = Args.array(eb, a, 0);
                    NdArray w = Args.array(eb, a, 1);
                    NdArray ix = Args.array(eb, a, 2);
                    long[] shape = embeddingShape(eb, w.shape(), ix.dtype(), ix.shape());
                    if (!Arrays.equals(shape, gy.shape())) {
                        throw new OpException(eb, "gradient of shape " + Shapes.str(gy.shape()) + " does not match " + Shapes.str(shape));
                    }
                    long[] rows = IndexOps.indices(eb, ix, w.dim(0), "an embedding table of shape " + Shapes.str(w.shape()));
                    checkNonNegative(eb, ix, w);
                    int d = (int) w.dim(1);
                    NdArray dw = NdArray.zeros(gy.dtype(), w.shape());
                    for (int i = 0; i < rows.length; i++) {
                        int base = (int) rows[i] * d;
                        for (int j = 0; j < d; j++) dw.setDouble(base + j, dw.getDouble(base + j) + gy.getDouble(i * d + j));
                    }
                    return dw;
                })
                .shape(a -> new TensorSpec(RuleArgs.spec(eb, a, 0).dtype, RuleArgs.spec(eb, a, 1).shape))
                .grad((g, in, out, gy) -> grads(g.op("tensor::embedding", gy, in.get(2)), null, null))
                .traits(PURE)
                .doc("Adds each row of grad into zeros of weight's shape at its index: the gradient of embedding.")
                .register(r);
    }

    private static void checkNonNegative(String op, NdArray ix, NdArray w) {
        for (long v : ix.longs()) {
            if (v < 0) {
                throw new OpException(op, "index " + v + " is out of range for an embedding table of shape "
                        + Shapes.str(w.shape()) + "; index tensor of shape " + Shapes.str(ix.shape()));
            }
        }
    }

    static long[] embeddingShape(String op, long[] w, DType ixType, long[] ix) {
        if (ixType != DType.INT64) {
            throw new OpException(op, "indices must be an int64 (Long) tensor, got " + ixType.irName() + Shapes.str(ix));
        }
        if (w.length != 2) {
            throw new OpException(op, "weight must be 2-D (num_embeddings, dim), got shape " + Shapes.str(w));
        }
        long[] out = Arrays.copyOf(ix, ix.length + 1);
        out[ix.length] = w[1];
        return out;
    }
}
