package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.ShapeOps.grads;

import java.util.Arrays;

/**
 * Matrix products: matmul (torch's rules for 1-D operands and broadcast batch dimensions) and
 * linear. Gradients are matmuls with transposed operands; two small gradient-only ops give 1-D
 * operands and the output gradient their matrix form, so one rule covers every rank.
 */
final class LinalgOps {
    private LinalgOps() {
    }

    static void register(OpRegistry r) {
        String mm = "tensor::matmul";
        OpDef.builder(mm, "matmul(Tensor self, Tensor other) -> Tensor")
                .kernel(a -> Matmul.matmul(mm, Args.array(mm, a, 0), Args.array(mm, a, 1)))
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(mm, a, 0);
                    TensorSpec y = RuleArgs.spec(mm, a, 1);
                    DType t = Matmul.resultType(mm, x.dtype, y.dtype, x.shape, y.shape);
                    if (!x.hasShape() || !y.hasShape()) return TensorSpec.unknownShape(t);
                    return new TensorSpec(t, Matmul.dims(mm, x.shape, y.shape).out);
                })
                .grad((g, in, out, gy) -> {
                    Object a = in.get(0);
                    Object b = in.get(1);
                    // In matrix form A2 @ B2 = G2:  dA2 = G2 @ B2^T,  dB2 = A2^T @ G2, summed over broadcast batch dims.
                    Object a2 = g.op("tensor::matmul_operand", a, false);
                    Object b2 = g.op("tensor::matmul_operand", b, true);
                    Object g2 = g.op("tensor::matmul_grad_output", gy, a, b);
                    Object ga = g.isFloatingTensor(a) ? g.op("tensor::reshape_as", g.sumTo(g.op("tensor::matmul", g2,
                            g.op("tensor::transpose", b2, -2L, -1L)), a2), a) : null;
                    Object gb = g.isFloatingTensor(b) ? g.op("tensor::reshape_as", g.sumTo(g.op("tensor::matmul",
                            g.op("tensor::transpose", a2, -2L, -1L), g2), b2), b) : null;
                    return grads(ga, gb);
                })
                .traits(PURE)
                .doc("Matrix product with torch.matmul's rules: dot of vectors, matrix-vector, and batched "
                        + "products with broadcast batch dimensions.").register(r);

        String mo = "tensor::matmul_operand";
        OpDef.builder(mo, "matmulOperand(Tensor self, bool right) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(mo, a, 0);
                    return x.copy().reshapeView(operandShape(mo, x.shape(), Args.boolArg(mo, a, 1)));
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(mo, a, 0);
                    Boolean right = RuleArgs.boolOr(mo, a, 1, null);
                    if (x.shape == null || right == null) return TensorSpec.unknownShape(x.dtype);
                    return new TensorSpec(x.dtype, operandShape(mo, x.shape, right));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::reshape_as", gy, in.get(0)), null))
                .traits(PURE)
                .doc("A matmul operand in matrix form: a 1-D tensor becomes a row (left) or column (right) matrix.")
                .register(r);

        String mg = "tensor::matmul_grad_output";
        OpDef.builder(mg, "matmulGradOutput(Tensor grad, Tensor self, Tensor other) -> Tensor")
                .kernel(a -> {
                    NdArray gr = Args.array(mg, a, 0);
                    NdArray x = Args.array(mg, a, 1);
                    NdArray y = Args.array(mg, a, 2);
                    Matmul.Dims d = Matmul.dims(mg, x.shape(), y.shape());
                    if (!Arrays.equals(d.out, gr.shape())) {
                        throw new OpException(mg, "gradient of shape " + Shapes.str(gr.shape()) + " does not match the product of "
                                + Shapes.str(x.shape()) + " and " + Shapes.str(y.shape()) + " (" + Shapes.str(d.out) + ")");
                    }
                    return gr.copy().reshapeView(matrixOut(d));
                })
                .shape(a -> {
                    TensorSpec gr = RuleArgs.spec(mg, a, 0);
                    long[] x = RuleArgs.shape(mg, a, 1);
                    long[] y = RuleArgs.shape(mg, a, 2);
                    if (x == null || y == null) return TensorSpec.unknownShape(gr.dtype);
                    return new TensorSpec(gr.dtype, matrixOut(Matmul.dims(mg, x, y)));
                })
                .grad((g, in, out, gy) -> grads(g.op("tensor::reshape_as", gy, in.get(0)), null, null))
                .traits(PURE)
                .doc("A matmul's output gradient in matrix form (batch..., n, m), undoing the removal of 1-D operands' dims.")
                .register(r);

        String li = "tensor::linear";
        OpDef.builder(li, "linear(Tensor input, Tensor weight, Tensor? bias=None) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.array(li, a, 0);
                    NdArray w = Args.array(li, a, 1);
                    NdArray b = Args.optionalArray(li, a, 2);
                    linearShape(li, x.shape(), w.shape(), b == null ? null : b.shape());
                    if (LinearRows.applies(x, w, b)) return LinearRows.apply(x, w, b);
                    return linearGemm(li, x, w, b);
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(li, a, 0);
                    TensorSpec w = RuleArgs.spec(li, a, 1);
                    TensorSpec b = RuleArgs.optSpec(li, a, 2);
                    DType t = DType.promote(x.dtype, w.dtype);
                    if (b != null) t = DType.promote(t, b.dtype);
                    if (!x.hasShape() || !w.hasShape() || (b != null && !b.hasShape())) return TensorSpec.unknownShape(t);
                    return new TensorSpec(t, linearShape(li, x.shape, w.shape, b == null ? null : b.shape));
                })
                .grad((g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object w = in.get(1);
                    Object b = in.get(2);
                    Object gx = g.isFloatingTensor(x) ? g.op("tensor::matmul", gy, w) : null;
                    // dW = sum over every leading position of gy^T x: one op, no transposed copy
                    Object gw = g.isFloatingTensor(w) ? g.op("tensor::linear_weight_grad", gy, x) : null;
                    Object gb = b != null && g.isFloatingTensor(b) ? g.sumTo(gy, b) : null;
                    return grads(gx, gw, gb);
                })
                .traits(PURE)
                .doc("input @ weight^T + bias, for input (..., in), weight (out, in) and an optional bias (out).")
                .register(r);
        linearWeightGrad(r);
    }

    /**
     * {@code tensor::linear_weight_grad(grad, input)}: the weight gradient of {@code linear},
     * {@code sum over rows r of grad[r]^T input[r]}, accumulated row by row into the [out, in]
     * result (each element sums over r in order, as {@code matmul(grad^T, input)} would) without
     * materializing a transposed copy of {@code grad}.
     */
    private static void linearWeightGrad(OpRegistry r) {
        String lw = "tensor::linear_weight_grad";
        OpDef.builder(lw, "linearWeightGrad(Tensor grad, Tensor input) -> Tensor")
                .kernel(a -> {
                    NdArray gy = Args.array(lw, a, 0);
                    NdArray x = Args.array(lw, a, 1);
                    long[] shape = weightGradShape(lw, gy.shape(), x.shape());
                    DType t = DType.promote(gy.dtype(), x.dtype());
                    if (!t.isFloating()) throw new OpException(lw, "expects float tensors, got " + gy.dtype().irName() + " and " + x.dtype().irName());
                    return weightGrad(gy.dtype() == t ? gy : gy.to(t), x.dtype() == t ? x : x.to(t), (int) shape[0], (int) shape[1]);
                })
                .shape(a -> {
                    TensorSpec gy = RuleArgs.spec(lw, a, 0);
                    TensorSpec x = RuleArgs.spec(lw, a, 1);
                    DType t = DType.promote(gy.dtype, x.dtype);
                    if (!gy.hasShape() || !x.hasShape()) return TensorSpec.unknownShape(t);
                    return new TensorSpec(t, weightGradShape(lw, gy.shape, x.shape));
                })
                // out = grad^T input, so d grad = input G^T and d input = grad G (G: out's gradient, [out, in])
                .grad((g, in, out, gw) -> grads(
                        g.isFloatingTensor(in.get(0)) ? g.op("tensor::matmul", in.get(1), g.op("tensor::transpose", gw, 0L, 1L)) : null,
                        g.isFloatingTensor(in.get(1)) ? g.op("tensor::matmul", in.get(0), gw) : null))
                .traits(PURE)
                .doc("linear's weight gradient: grad (..., out) and input (..., in) give the (out, in) sum of grad^T input over the leading positions.")
                .register(r);
    }

    private static long[] weightGradShape(String op, long[] gy, long[] x) {
        if (gy.length == 0 || gy.length != x.length
                || !Arrays.equals(Arrays.copyOf(gy, gy.length - 1), Arrays.copyOf(x, x.length - 1))) {
            throw new OpException(op, "grad " + Shapes.str(gy) + " and input " + Shapes.str(x)
                    + " must have the same leading dimensions and at least one dimension");
        }
        return new long[] {gy[gy.length - 1], x[x.length - 1]};
    }

    /** gw = gy^T x as one GEMM with gy read transposed: each element sums over the rows in order. */
    private static NdArray weightGrad(NdArray gy, NdArray x, int out, int in) {
        NdArray gw = NdArray.zeros(gy.dtype(), new long[] {out, in});
        int rows = out == 0 ? (in == 0 ? 0 : x.numel() / in) : gy.numel() / out;
        Gemm.gemm(true, false, out, in, rows, gy.data(), 0, x.data(), 0, gw.data(), 0, false, true);
        return gw;
    }

    /** linear beyond {@link LinearRows}: x @ W^T through {@link Gemm} with W read transposed, then the bias. */
    private static NdArray linearGemm(String op, NdArray x, NdArray w, NdArray b) {
        DType t = Matmul.resultType(op, x.dtype(), w.dtype(), x.shape(), w.shape());
        NdArray xs = x.dtype() == t ? x : x.to(t);
        NdArray ws = w.dtype() == t ? w : w.to(t);
        int in = (int) w.dim(1);
        int out = (int) w.dim(0);
        long[] shape = x.shape();
        shape[shape.length - 1] = out;
        NdArray y = NdArray.zeros(t, shape);
        int rows = in == 0 ? y.numel() / Math.max(1, out) : xs.numel() / in;
        if (t == DType.INT64) {
            NdArray wt = Strided.permute(ws, new int[] {1, 0});
            Gemm.gemm(false, false, rows, out, in, xs.data(), 0, wt.data(), 0, y.data(), 0, false, true);
        } else {
            Gemm.gemm(false, true, rows, out, in, xs.data(), 0, ws.data(), 0, y.data(), 0, false, true);
        }
        if (b == null) return y;
        if (addRowBiasInPlace(y, b, out)) return y;
        return Elementwise.binary(op, y, b, (p, q) -> p + q, Long::sum);
    }

    /**
     * Adds a bias of {@code out} elements (shape (out), or with leading 1s) of y's floating dtype
     * to every row of the fresh product y, in place: the same sums as the broadcast add, without
     * its per-element index arithmetic and second array. False (nothing done) for other biases.
     */
    private static boolean addRowBiasInPlace(NdArray y, NdArray b, int out) {
        // linearShape already checked that b broadcasts to y's shape
        if (b.dtype() != y.dtype() || !y.dtype().isFloating() || b.numel() != out || b.rank() == 0 || b.dim(b.rank() - 1) != out) {
            return false;
        }
        int n = y.numel();
        if (y.dtype() == DType.FLOAT32) {
            float[] ys = y.floats();
            float[] bs = b.floats();
            for (int r = 0; r < n; r += out) for (int j = 0; j < out; j++) ys[r + j] += bs[j];
        } else {
            double[] ys = y.doubles();
            double[] bs = b.doubles();
            for (int r = 0; r < n; r += out) for (int j = 0; j < out; j++) ys[r + j] += bs[j];
        }
        return true;
    }

    static long[] operandShape(String op, long[] s, boolean right) {
        if (s.length == 0) throw new OpException(op, "expects a tensor of at least 1 dimension, got shape " + Shapes.str(s));
        if (s.length > 1) return s;
        return right ? new long[] {s[0], 1} : new long[] {1, s[0]};
    }

    private static long[] matrixOut(Matmul.Dims d) {
        long[] s = Arrays.copyOf(d.batch, d.batch.length + 2);
        s[d.batch.length] = d.n;
        s[d.batch.length + 1] = d.m;
        return s;
    }

    static long[] linearShape(String op, long[] x, long[] w, long[] b) {
        if (w.length != 2) {
            throw new OpException(op, "weight must be 2-D (out_features, in_features), got shape " + Shapes.str(w));
        }
        if (x.length == 0 || x[x.length - 1] != w[1]) {
            throw new OpException(op, "input of shape " + Shapes.str(x) + " does not match weight of shape " + Shapes.str(w)
                    + " (the input's last dimension must be " + w[1] + ")");
        }
        long[] out = x.clone();
        out[out.length - 1] = w[0];
        if (b != null) {
            long[] bs = Shapes.broadcastOrNull(out, b);
            if (bs == null || !Arrays.equals(bs, out)) {
                throw new OpException(op, "bias of shape " + Shapes.str(b) + " does not match an output of shape " + Shapes.str(out));
            }
        }
        return out;
    }
}
