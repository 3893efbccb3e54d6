package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.ShapeOps.grads;

/**
 * layer_norm and its input gradient. Statistics are taken over the trailing dims named by
 * normalized_shape, in double precision, with the biased variance (as PyTorch).
 */
final class NormOps {
    private NormOps() {
    }

    static void register(OpRegistry r) {
        String ln = "tensor::layer_norm";
        OpDef.builder(ln, "layerNorm(Tensor input, int[] normalized_shape, Tensor? weight=None, Tensor? bias=None, "
                        + "float eps=1e-05) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.floating(ln, a, 0);
                    long[] ns = Args.longs(ln, a, 1);
                    NdArray w = Args.optionalArray(ln, a, 2);
                    NdArray b = Args.optionalArray(ln, a, 3);
                    double eps = Args.doubleOr(ln, a, 4, 1e-5);
                    int m = rowLength(ln, x.shape(), ns, w, b);
                    NdArray out = NdArray.zeros(resultType(x, w, b), x.shape());
                    int rows = m == 0 ? 0 : x.numel() / m;
                    for (int row = 0; row < rows; row++) {
                        int base = row * m;
                        double[] st = stats(x, base, m, eps);
                        for (int j = 0; j < m; j++) {
                            double v = (x.getDouble(base + j) - st[0]) * st[1];
                            if (w != null) v *= w.getDouble(j);
                            if (b != null) v += b.getDouble(j);
                            out.setDouble(base + j, v);
                        }
                    }
                    return out;
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(ln, a, 0);
                    TensorSpec w = RuleArgs.optSpec(ln, a, 2);
                    TensorSpec b = RuleArgs.optSpec(ln, a, 3);
                    if (!x.dtype.isFloating()) throw new OpException(ln, "expects a floating input, got " + x);
                    DType t = x.dtype;
                    if (w != null) t = DType.promote(t, w.dtype);
                    if (b != null) t = DType.promote(t, b.dtype);
                    long[] ns = RuleArgs.longsOrNull(ln, a, 1);
                    if (x.hasShape() && ns != null) checkShapes(ln, x.shape, ns, w == null ? null : w.shape, b == null ? null : b.shape);
                    return new TensorSpec(t, x.shape);
                })
                .grad((g, in, out, gy) -> {
                    Object x = in.get(0);
                    Object w = in.get(2);
                    Object b = in.get(3);
                    Object gx = g.isFloatingTensor(x) ? g.op("tensor::layer_norm_backward", gy, x, in.get(1), w, in.get(4)) : null;
                    Object gw = w != null && g.isFloatingTensor(w)
                            ? g.sumTo(g.mul(gy, g.op("tensor::layer_norm", x, in.get(1), null, null, in.get(4))), w) : null;
                    Object gb = b != null && g.isFloatingTensor(b) ? g.sumTo(gy, b) : null;
                    return grads(gx, null, gw, gb, null);
                })
                .traits(PURE)
                .doc("Normalizes over the trailing normalized_shape dims to zero mean and unit variance, then scales "
                        + "by weight and shifts by bias (each optional, of normalized_shape).").register(r);

        String lb = "tensor::layer_norm_backward";
        OpDef.builder(lb, "layerNormBackward(Tensor grad, Tensor input, int[] normalized_shape, Tensor? weight, float eps) -> Tensor")
                .kernel(a -> {
                    NdArray gy = Args.array(lb, a, 0);
                    NdArray x = Args.floating(lb, a, 1);
                    long[] ns = Args.longs(lb, a, 2);
                    NdArray w = Args.optionalArray(lb, a, 3);
                    double eps = Args.doubleOr(lb, a, 4, 1e-5);
                    int m = rowLength(lb, x.shape(), ns, w, null);
                    if (!java.util.Arrays.equals(gy.shape(), x.shape())) {
                        throw new OpException(lb, "gradient of shape " + Shapes.str(gy.shape()) + " does not match input of shape "
                                + Shapes.str(x.shape()));
                    }
                    NdArray dx = NdArray.zeros(DType.promote(gy.dtype(), x.dtype()), x.shape());
                    int rows = m == 0 ? 0 : x.numel() / m;
                    double[] gh = new double[m];
                    double[] xh = new double[m];
                    for (int row = 0; row < rows; row++) {
                        int base = row * m;
                        double[] st = stats(x, base, m, eps);
                        // dx = rstd * (gh - mean(gh) - xhat * mean(gh * xhat)), gh = grad * weight
                        double mg = 0;
                        double mgx = 0;
                        for (int j = 0; j < m; j++) {
                            xh[j] = (x.getDouble(base + j) - st[0]) * st[1];
                            gh[j] = gy.getDouble(base + j) * (w == null ? 1.0 : w.getDouble(j));
                            mg += gh[j];
                            mgx += gh[j] * xh[j];
                        }
                        mg /= m;
                        mgx /= m;
                        for (int j = 0; j < m; j++) dx.setDouble(base + j, st[1] * (gh[j] - mg - xh[j] * mgx));
                    }
                    return dx;
                })
                .shape(a -> new TensorSpec(DType.promote(RuleArgs.spec(lb, a, 0).dtype, RuleArgs.spec(lb, a, 1).dtype),
                        RuleArgs.spec(lb, a, 1).shape))
                .notDifferentiable("only used by gradients (of layer_norm)")
                .traits(PURE)
                .doc("The gradient of layer_norm with respect to its input.").register(r);
    }

    private static DType resultType(NdArray x, NdArray w, NdArray b) {
        DType t = x.dtype();
        if (w != null) t = DType.promote(t, w.dtype());
        if (b != null) t = DType.promote(t, b.dtype());
        return t;
    }

    /** {mean, 1/sqrt(var + eps)} of m elements at base. */
    private static double[] stats(NdArray x, int base, int m, double eps) {
        double mean = 0;
        for (int j = 0; j < m; j++) mean += x.getDouble(base + j);
        mean /= m;
        double var = 0;
        for (int j = 0; j < m; j++) {
            double e = x.getDouble(base + j) - mean;
            var += e * e;
        }
        var /= m;
        return new double[] {mean, 1.0 / Math.sqrt(var + eps)};
    }

    private static int rowLength(String op, long[] x, long[] ns, NdArray w, NdArray b) {
        checkShapes(op, x, ns, w == null ? null : w.shape(), b == null ? null : b.shape());
        return Shapes.numel(ns);
    }

    private static void checkShapes(String op, long[] x, long[] ns, long[] w, long[] b) {
        boolean ok = ns.length >= 1 && ns.length <= x.length;
        for (int i = 0; ok && i < ns.length; i++) ok = x[x.length - ns.length + i] == ns[i];
        if (!ok) {
            throw new OpException(op, "normalized_shape " + Shapes.str(ns) + " does not match the trailing dimensions of input "
                    + "of shape " + Shapes.str(x));
        }
        if (w != null && !java.util.Arrays.equals(w, ns)) {
            throw new OpException(op, "weight of shape " + Shapes.str(w) + " does not match normalized_shape " + Shapes.str(ns));
        }
        if (b != null && !java.util.Arrays.equals(b, ns)) {
            throw new OpException(op, "bias of shape " + Shapes.str(b) + " does not match normalized_shape " + Shapes.str(ns));
        }
    }
}
