package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.ShapeOps.grads;

/**
 * Loss functions, as PyTorch's {@code torch.nn.functional} losses: mse_loss, and the
 * classification losses cross_entropy and nll_loss (with class weights, ignore_index, the
 * reductions "none"/"mean"/"sum", label smoothing and probability targets; see
 * {@link ClassLoss}), each with the gradient kernels its rule needs.
 */
final class LossOps {
    private LossOps() {
    }

    /** The schema tail the classification losses share, with PyTorch's defaults. */
    private static final String CLASS_OPTIONS = "Tensor? weight=None, int ignore_index=-100, str reduction=\"mean\"";

    static void register(OpRegistry r) {
        mse(r);
        crossEntropy(r);
        nllLoss(r);
    }

    private static void mse(OpRegistry r) {
        String ms = "tensor::mse_loss";
        OpDef.builder(ms, "mseLoss(Tensor self, Tensor target) -> Tensor")
                .kernel(a -> {
                    NdArray x = Args.floating(ms, a, 0);
                    NdArray y = Args.array(ms, a, 1);
                    NdArray d = Elementwise.binary(ms, x, y, (p, q) -> (p - q) * (p - q), null);
                    NdArray out = NdArray.zeros(d.dtype(), new long[0]);
                    double s = 0;
                    for (int i = 0; i < d.numel(); i++) s += d.getDouble(i);
                    out.setDouble(0, s / d.numel());
                    return out;
                })
                .shape(a -> {
                    TensorSpec x = RuleArgs.spec(ms, a, 0);
                    TensorSpec y = RuleArgs.spec(ms, a, 1);
                    if (!x.dtype.isFloating()) throw new OpException(ms, "expects a floating input, got " + x);
                    if (x.hasShape() && y.hasShape()) Shapes.broadcast(ms, x.shape, y.shape);
                    DType t = ShapeRules.promoted(x, y);
                    return new TensorSpec(t.isFloating() ? t : DType.FLOAT32, new long[0]);
                })
                .grad((g, in, out, gy) -> {
                    Object d = g.sub(in.get(0), in.get(1));
                    // d/dx mean((x-y)^2) = 2 (x - y) / N
                    Object gd = g.mul(g.op("tensor::mean_backward", gy, d, null, false), g.mul(d, 2.0));
                    return grads(g.isFloatingTensor(in.get(0)) ? g.sumTo(gd, in.get(0)) : null,
                            g.isFloatingTensor(in.get(1)) ? g.sumTo(g.neg(gd), in.get(1)) : null);
                })
                .traits(PURE)
                .doc("Mean squared error mean((self - target)^2), with broadcasting; a 0-d result.").register(r);
    }

    /** Reads a classification loss's arguments (input, target, weight, ignore_index, reduction[, label_smoothing]) from {@code from}. */
    private static ClassLoss.Call call(String op, Object[] a, int from, boolean logits) {
        return new ClassLoss.Call(op, Args.floating(op, a, from), Args.array(op, a, from + 1), Args.optionalArray(op, a, from + 2),
                Args.longOr(op, a, from + 3, -100), Args.strOr(op, a, from + 4, "mean"),
                logits ? Args.doubleOr(op, a, from + 5, 0.0) : 0.0, logits);
    }

    /** The loss's shape: 0-d, or for reduction "none" the input's without the class dim. */
    private static ShapeRule lossShape(String op, boolean logits) {
        return a -> {
            TensorSpec x = RuleArgs.spec(op, a, 0);
            TensorSpec t = RuleArgs.spec(op, a, 1);
            TensorSpec w = RuleArgs.optSpec(op, a, 2);
            Object red = RuleArgs.opt(a, 4);
            if (x.hasShape() && t.hasShape() && (w == null || w.hasShape())) {
                ClassLoss.checkShapes(op, x.dtype, x.shape, t.dtype, t.shape, w == null ? null : w.shape, logits);
            } else if (!x.dtype.isFloating()) {
                throw new OpException(op, "expects a floating input, got " + x.dtype.irName());
            }
            if (!RuleArgs.known(red)) return TensorSpec.unknownShape(x.dtype);
            ClassLoss.Reduction reduction = ClassLoss.Reduction.parse(op, red == null ? "mean" : (String) red);
            if (reduction != ClassLoss.Reduction.NONE) return new TensorSpec(x.dtype, new long[0]);
            return x.shape == null ? TensorSpec.unknownShape(x.dtype) : new TensorSpec(x.dtype, ClassLoss.reducedShape(x.shape));
        };
    }

    /** A gradient kernel's shape: that of the argument it differentiates, in the promoted dtype. */
    private static ShapeRule gradientShape(String op, int like) {
        return a -> {
            TensorSpec gy = RuleArgs.spec(op, a, 0);
            TensorSpec x = RuleArgs.spec(op, a, like);
            return new TensorSpec(DType.promote(gy.dtype, x.dtype), x.shape);
        };
    }

    private static void crossEntropy(OpRegistry r) {
        String ce = "tensor::cross_entropy";
        String cb = "tensor::cross_entropy_backward";
        String tb = "tensor::cross_entropy_target_backward";
        String options = CLASS_OPTIONS + ", float label_smoothing=0.0";
        OpDef.builder(ce, "crossEntropy(Tensor input, Tensor target, " + options + ") -> Tensor")
                .kernel(a -> ClassLoss.forward(call(ce, a, 0, true)))
                .shape(lossShape(ce, true))
                .grad((g, in, out, gy) -> {
                    Object[] rest = {GradRule.input(in, 2), GradRule.input(in, 3), GradRule.input(in, 4), GradRule.input(in, 5)};
                    Object t = in.get(1);
                    return grads(g.op(cb, gy, in.get(0), t, rest[0], rest[1], rest[2], rest[3]),
                            g.isFloatingTensor(t) ? g.op(tb, gy, in.get(0), t, rest[0], rest[1], rest[2], rest[3]) : null,
                            null, null, null, null);
                })
                .traits(PURE)
                .doc("Cross entropy of logits (C), (N, C) or (N, C, d...) against int64 class indices (the input's shape "
                        + "without C; ignore_index positions count for nothing) or class probabilities (the input's shape), "
                        + "with optional class weights, label smoothing and reduction \"none\", \"mean\" or \"sum\", as PyTorch's.")
                .register(r);

        OpDef.builder(cb, "crossEntropyBackward(Tensor grad, Tensor input, Tensor target, " + options + ") -> Tensor")
                .kernel(a -> ClassLoss.inputGradient(call(cb, a, 1, true), Args.array(cb, a, 0)))
                .shape(gradientShape(cb, 1))
                .notDifferentiable("only used by gradients (of cross_entropy)")
                .traits(PURE)
                .doc("The gradient of cross_entropy with respect to its input: s (sum(q) softmax(input) - q) per position, "
                        + "q the target's coefficients (one-hot or probabilities, weighted and smoothed), s grad over the mean's divisor.")
                .register(r);

        OpDef.builder(tb, "crossEntropyTargetBackward(Tensor grad, Tensor input, Tensor target, " + options + ") -> Tensor")
                .kernel(a -> ClassLoss.targetGradient(call(tb, a, 1, true), Args.array(tb, a, 0)))
                .shape(gradientShape(tb, 2))
                .notDifferentiable("only used by gradients (of cross_entropy)")
                .traits(PURE)
                .doc("The gradient of cross_entropy with respect to probability targets: -s (1 - label_smoothing) weight log_softmax(input).")
                .register(r);
    }

    private static void nllLoss(OpRegistry r) {
        String nl = "tensor::nll_loss";
        String nb = "tensor::nll_loss_backward";
        OpDef.builder(nl, "nllLoss(Tensor input, Tensor target, " + CLASS_OPTIONS + ") -> Tensor")
                .kernel(a -> ClassLoss.forward(call(nl, a, 0, false)))
                .shape(lossShape(nl, false))
                .grad((g, in, out, gy) -> grads(g.op(nb, gy, in.get(0), in.get(1), GradRule.input(in, 2), GradRule.input(in, 3), GradRule.input(in, 4)),
                        null, null, null, null))
                .traits(PURE)
                .doc("Negative log-likelihood of log-probabilities (C), (N, C) or (N, C, d...) at int64 class indices: "
                        + "-weight[t] input[t] per position, ignore_index positions left out, reduced as PyTorch's nll_loss.")
                .register(r);

        OpDef.builder(nb, "nllLossBackward(Tensor grad, Tensor input, Tensor target, " + CLASS_OPTIONS + ") -> Tensor")
                .kernel(a -> ClassLoss.inputGradient(call(nb, a, 1, false), Args.array(nb, a, 0)))
                .shape(gradientShape(nb, 1))
                .notDifferentiable("only used by gradients (of nll_loss)")
                .traits(PURE)
                .doc("The gradient of nll_loss: -s weight[t] at each position's target class, zero elsewhere.")
                .register(r);
    }
}
