package jitbook.ops;

import static jitbook.ops.OpSamples.a;
import static jitbook.ops.OpSamples.expect;
import static jitbook.ops.Ref.at;
import static jitbook.ops.Ref.f64;
import static jitbook.ops.Ref.longs;
import static jitbook.ops.Ref.s;

/**
 * Samples for the LossOps added for PyTorch's options (the PyTorch fixtures cover the
 * combinations): oracles written from the definitions on (N, C) inputs.
 */
final class LossSamples {
    private LossSamples() {
    }

    static void add(OpSamples s) {
        String ce = "tensor::cross_entropy";
        // class weights get no gradient, as in PyTorch: samples with weights stay out of the gradient check
        s.addNoGrad(ce, "ignore_index and weights, sum", expect(x -> {
            NdArray lsm = ReduceSamples.softmax(a(x, 0), 1, true);
            long[] t = a(x, 1).longs();
            double loss = 0;
            for (int n = 0; n < t.length; n++) if (t[n] != 1) loss -= at(a(x, 2), t[n]) * at(lsm, n, t[n]);
            return NdArray.scalar(DType.FLOAT64, loss);
        }), f64(4, 3), longs(s(4), 0, 1, 2, 2), f64(3), 1L, "sum", 0.0);
        s.add(ce, "probabilities, none", expect(x -> {
            NdArray lsm = ReduceSamples.softmax(a(x, 0), 1, true);
            return Ref.build(DType.FLOAT64, s(2), i -> {
                double l = 0;
                for (long j = 0; j < 3; j++) l -= at(a(x, 1), i[0], j) * at(lsm, i[0], j);
                return l;
            });
        }), f64(2, 3), Ref.uniform(DType.FLOAT64, 0, 1, 2, 3), null, -100L, "none", 0.0);
        s.add("tensor::cross_entropy_target_backward", "mean over positions: -g log_softmax / N", expect(x -> {
            NdArray lsm = ReduceSamples.softmax(a(x, 1), 1, true);
            return Ref.build(DType.FLOAT64, s(2, 3), i -> -at(a(x, 0)) * at(lsm, i) / 2);
        }), f64(), f64(2, 3), Ref.uniform(DType.FLOAT64, 0, 1, 2, 3));

        String nl = "tensor::nll_loss";
        s.addNoGrad(nl, "mean over the targets' weights", expect(x -> {
            long[] t = a(x, 1).longs();
            double loss = 0;
            double wsum = 0;
            for (int n = 0; n < t.length; n++) {
                if (t[n] == -100) continue;
                loss -= at(a(x, 2), t[n]) * at(a(x, 0), n, t[n]);
                wsum += at(a(x, 2), t[n]);
            }
            return NdArray.scalar(DType.FLOAT64, loss / wsum);
        }), f64(4, 3), longs(s(4), 2, -100, 0, 2), Ref.uniform(DType.FLOAT64, 0.5, 2, 3));
        s.add(nl, "(N, C, d) none", expect(x -> Ref.build(DType.FLOAT64, s(2, 2),
                i -> -at(a(x, 0), i[0], (long) at(a(x, 1), i), i[1]))), f64(2, 3, 2), longs(s(2, 2), 0, 2, 1, 1), null, -100L, "none");
        s.add(nl, "ignore_index, sum", expect(x -> NdArray.scalar(DType.FLOAT64, -at(a(x, 0), 0, 1) - at(a(x, 0), 2, 0))),
                f64(3, 3), longs(s(3), 1, 2, 0), null, 2L, "sum");
        s.add("tensor::nll_loss_backward", "-g / N at the target", expect(x -> {
            long[] t = a(x, 2).longs();
            return Ref.build(DType.FLOAT64, s(3, 4), i -> t[(int) i[0]] == i[1] ? -at(a(x, 0)) / 3 : 0);
        }), f64(), f64(3, 4), longs(s(3), 3, 0, 3));
    }
}
