package jitbook.ops;

import java.util.Arrays;

/**
 * The arithmetic of PyTorch's classification losses, {@code cross_entropy} (from logits) and
 * {@code nll_loss} (from log-probabilities), shared by their kernels and gradient kernels.
 *
 * <p>Layout as PyTorch's: an input of shape (C), (N, C) or (N, C, d1 ... dk) holds, at each
 * <em>position</em> (n, d1 ... dk), a row of C class scores with stride {@code inner} = d1*...*dk.
 * A target is either class indices (int64, the input's shape without the class dim; positions
 * equal to {@code ignore_index} count for nothing) or, for cross entropy, class probabilities
 * (floating, the input's shape).
 *
 * <p>Every variant is {@code loss_p = -sum_j q_j logp_j} at each position, with coefficients
 * {@code q}: for an index y, {@code (1 - eps) w_y [j == y] + (eps / C) w_j} (label smoothing
 * {@code eps}, class weights {@code w}, all 1 without a weight); for probabilities t,
 * {@code w_j ((1 - eps) t_j + eps / C)}. "mean" divides the total by the summed weights of the
 * targets that are not ignored (for indices) or by the number of positions (for probabilities),
 * as PyTorch does, so that the gradient is {@code s_p (Q_p softmax_j - q_j)} with
 * {@code Q_p = sum_j q_j} and {@code s_p} the output gradient over that divisor.
 */
final class ClassLoss {
    private ClassLoss() {
    }

    enum Reduction {
        NONE, MEAN, SUM;

        static Reduction parse(String op, String s) {
            switch (s) {
                case "none": return NONE;
                case "mean": return MEAN;
                case "sum": return SUM;
                default: throw new OpException(op, "reduction must be \"none\", \"mean\" or \"sum\", got \"" + s + "\"");
            }
        }
    }

    /** One call's arguments, checked. */
    static final class Call {
        final String op;
        final NdArray x;
        final NdArray target;
        final NdArray weight;
        final long ignoreIndex;
        final Reduction reduction;
        final double smoothing;
        /** Whether x holds logits (cross entropy: log_softmax first) rather than log-probabilities (nll_loss). */
        final boolean logits;
        final boolean probabilities;
        final int positions;
        final int classes;
        final int inner;

        Call(String op, NdArray x, NdArray target, NdArray weight, long ignoreIndex, String reduction, double smoothing,
             boolean logits) {
            this.op = op;
            this.x = x;
            this.target = target;
            this.weight = weight;
            this.ignoreIndex = ignoreIndex;
            this.reduction = Reduction.parse(op, reduction);
            this.smoothing = smoothing;
            this.logits = logits;
            this.probabilities = checkShapes(op, x.dtype(), x.shape(), target.dtype(), target.shape(),
                    weight == null ? null : weight.shape(), logits);
            if (!(smoothing >= 0 && smoothing <= 1)) {
                throw new OpException(op, "label_smoothing must be between 0.0 and 1.0, got " + smoothing);
            }
            long[] s = x.shape();
            this.classes = (int) (s.length == 1 ? s[0] : s[1]);
            this.inner = s.length <= 2 ? 1 : Shapes.numel(Arrays.copyOfRange(s, 2, s.length));
            this.positions = classes == 0 ? 0 : x.numel() / classes;
        }

        /** Position p's row starts at this flat index; its classes follow with stride {@link #inner}. */
        int rowStart(int p) {
            return (p / inner) * classes * inner + p % inner;
        }

        double w(int j) {
            return weight == null ? 1.0 : weight.getDouble(j);
        }

        /** The class index at position p, or -1 when it is ignore_index. */
        int label(int p) {
            long y = target.getLong(p);
            if (y == ignoreIndex) return -1;
            if (y < 0 || y >= classes) {
                throw new OpException(op, "target class " + y + " at position " + p + " is out of range for " + classes
                        + " classes (input of shape " + Shapes.str(x.shape()) + ", target of shape " + Shapes.str(target.shape()) + ")");
            }
            return (int) y;
        }

        /** Row p's log-probabilities. */
        double[] logp(int p) {
            int base = rowStart(p);
            double[] l = new double[classes];
            double lse = logits ? ReduceOps.logSumExp(x, base, classes, inner) : 0.0;
            for (int j = 0; j < classes; j++) l[j] = x.getDouble(base + j * inner) - lse;
            return l;
        }

        /** Row p's coefficients q (see the class comment); all zero at an ignored position. */
        double[] q(int p) {
            double[] q = new double[classes];
            double eps = smoothing;
            if (probabilities) {
                int base = rowStart(p);
                for (int j = 0; j < classes; j++) {
                    q[j] = w(j) * ((1 - eps) * target.getDouble(base + j * inner) + eps / classes);
                }
                return q;
            }
            int y = label(p);
            if (y < 0) return q;
            if (eps > 0) for (int j = 0; j < classes; j++) q[j] = eps / classes * w(j);
            q[y] += (1 - eps) * w(y);
            return q;
        }

        /** What "mean" divides the summed loss by. */
        double meanDivisor() {
            if (probabilities) return positions == 0 ? Double.NaN : positions;
            double s = 0;
            for (int p = 0; p < positions; p++) {
                int y = label(p);
                if (y >= 0) s += w(y);
            }
            return s;
        }

        /** The result's shape for reduction "none": the input's without the class dim. */
        long[] unreducedShape() {
            return reducedShape(x.shape());
        }
    }

    static long[] reducedShape(long[] input) {
        if (input.length == 1) return new long[0];
        long[] out = new long[input.length - 1];
        out[0] = input[0];
        System.arraycopy(input, 2, out, 1, input.length - 2);
        return out;
    }

    /**
     * Checks the shapes and dtypes; returns whether the target holds probabilities (floating, the
     * input's shape) rather than class indices (int64, the input's shape without the class dim).
     * {@code weight} may be null.
     */
    static boolean checkShapes(String op, DType xt, long[] x, DType tt, long[] t, long[] weight, boolean allowProbabilities) {
        if (!xt.isFloating()) throw new OpException(op, "expects a floating input, got " + xt.irName() + Shapes.str(x));
        if (x.length == 0) throw new OpException(op, "expects an input of shape (C), (N, C) or (N, C, d1, ...), got a 0-d tensor");
        long c = x.length == 1 ? x[0] : x[1];
        if (weight != null && (weight.length != 1 || weight[0] != c)) {
            throw new OpException(op, "weight must be a 1-D tensor of one weight per class (" + c + "), got shape " + Shapes.str(weight));
        }
        if (tt.isFloating() && allowProbabilities) {
            if (!Arrays.equals(x, t)) {
                throw new OpException(op, "a floating target holds class probabilities and must have the input's shape "
                        + Shapes.str(x) + ", got " + Shapes.str(t) + "; class indices must be int64 (Long)");
            }
            return true;
        }
        if (tt != DType.INT64) {
            throw new OpException(op, "target must be int64 (Long) class indices" + (allowProbabilities ? " or floating class probabilities" : "")
                    + ", got " + tt.irName() + Shapes.str(t));
        }
        if (!Arrays.equals(reducedShape(x), t)) {
            throw new OpException(op, "expects class indices of shape " + Shapes.str(reducedShape(x)) + " for an input of shape "
                    + Shapes.str(x) + ", got " + Shapes.str(t));
        }
        return false;
    }

    static NdArray forward(Call c) {
        NdArray none = c.reduction == Reduction.NONE ? NdArray.zeros(c.x.dtype(), c.unreducedShape()) : null;
        double total = 0;
        for (int p = 0; p < c.positions; p++) {
            double[] l = c.logp(p);
            double[] q = c.q(p);
            double loss = 0;
            for (int j = 0; j < c.classes; j++) if (q[j] != 0) loss -= q[j] * l[j];
            if (none != null) none.setDouble(p, loss);
            total += loss;
        }
        if (none != null) return none;
        return NdArray.scalar(c.x.dtype(), c.reduction == Reduction.SUM ? total : total / c.meanDivisor());
    }

    /** The output gradient's factor s_p at position p (see the class comment). */
    private static double[] scales(Call c, NdArray gy) {
        double[] s = new double[c.positions];
        if (c.reduction == Reduction.NONE) {
            if (!Arrays.equals(gy.shape(), c.unreducedShape())) {
                throw new OpException(c.op, "gradient of shape " + Shapes.str(gy.shape()) + " does not match the loss's "
                        + Shapes.str(c.unreducedShape()));
            }
            for (int p = 0; p < s.length; p++) s[p] = gy.getDouble(p);
            return s;
        }
        if (gy.numel() != 1) throw new OpException(c.op, "expects a 0-d gradient, got shape " + Shapes.str(gy.shape()));
        double v = c.reduction == Reduction.SUM ? gy.getDouble(0) : gy.getDouble(0) / c.meanDivisor();
        Arrays.fill(s, v);
        return s;
    }

    /** d loss / d input. */
    static NdArray inputGradient(Call c, NdArray gy) {
        double[] s = scales(c, gy);
        NdArray dx = NdArray.zeros(DType.promote(gy.dtype(), c.x.dtype()), c.x.shape());
        for (int p = 0; p < c.positions; p++) {
            double[] q = c.q(p);
            int base = c.rowStart(p);
            if (!c.logits) {
                for (int j = 0; j < c.classes; j++) dx.setDouble(base + j * c.inner, -s[p] * q[j]);
                continue;
            }
            double sumQ = 0;
            for (double v : q) sumQ += v;
            double[] l = c.logp(p);
            for (int j = 0; j < c.classes; j++) dx.setDouble(base + j * c.inner, s[p] * (sumQ * Math.exp(l[j]) - q[j]));
        }
        return dx;
    }

    /** d loss / d target, for probability targets: {@code -s_p (1 - eps) w_j logp_j}. */
    static NdArray targetGradient(Call c, NdArray gy) {
        if (!c.probabilities) throw new OpException(c.op, "class indices have no gradient; only probability targets do");
        double[] s = scales(c, gy);
        NdArray dt = NdArray.zeros(DType.promote(gy.dtype(), c.target.dtype()), c.target.shape());
        for (int p = 0; p < c.positions; p++) {
            double[] l = c.logp(p);
            int base = c.rowStart(p);
            for (int j = 0; j < c.classes; j++) dt.setDouble(base + j * c.inner, -s[p] * (1 - c.smoothing) * c.w(j) * l[j]);
        }
        return dt;
    }
}
