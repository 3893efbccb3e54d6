package jitbook.ops;

import static jitbook.ops.OpSamples.a;
import static jitbook.ops.OpSamples.expect;
import static jitbook.ops.Ref.at;
import static jitbook.ops.Ref.bools;
import static jitbook.ops.Ref.f32;
import static jitbook.ops.Ref.f64;
import static jitbook.ops.Ref.ints;
import static jitbook.ops.Ref.s;

import java.util.Arrays;
import java.util.function.Function;

/** Samples for ReduceOps with grouping oracles ({@link Ref#reduce}). */
final class ReduceSamples {
    private ReduceSamples() {
    }

    static final Function<double[], Double> SUM = v -> Arrays.stream(v).sum();
    static final Function<double[], Double> MEAN = v -> Arrays.stream(v).average().orElse(Double.NaN);
    static final Function<double[], Double> MAX = v -> Arrays.stream(v).max().getAsDouble();
    static final Function<double[], Double> MIN = v -> Arrays.stream(v).min().getAsDouble();

    static Function<double[], Double> var(boolean unbiased) {
        return v -> {
            double m = MEAN.apply(v);
            double ss = 0;
            for (double e : v) ss += (e - m) * (e - m);
            return ss / (unbiased ? v.length - 1 : v.length);
        };
    }

    static final Function<double[], Double> LSE = v -> {
        double m = MAX.apply(v);
        double ss = 0;
        for (double e : v) ss += Math.exp(e - m);
        return m + Math.log(ss);
    };

    static final Function<double[], Double> ARGMIN = v -> {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[b]) b = i;
        return (double) b;
    };

    static final Function<double[], Double> ARGMAX = v -> {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return (double) b;
    };

    /** Softmax oracle along dim d: exp(x) / sum exp(x) over the line through each element. */
    static NdArray softmax(NdArray x, int d, boolean log) {
        return Ref.build(x.dtype(), x.shape(), i -> {
            double m = Double.NEGATIVE_INFINITY;
            for (long k = 0; k < x.dim(d); k++) m = Math.max(m, at(x, ShapeSamples.with(i, d, k)));
            double z = 0;
            for (long k = 0; k < x.dim(d); k++) z += Math.exp(at(x, ShapeSamples.with(i, d, k)) - m);
            double v = at(x, i) - m - Math.log(z);
            return log ? v : Math.exp(v);
        });
    }

    private static void reduction(OpSamples s, String name, Function<double[], Double> f, boolean intsToo) {
        String op = "tensor::" + name;
        s.add(op, "all dims", expect(x -> Ref.reduce(a(x, 0), null, false, DType.FLOAT32, f)), f32(2, 3, 4));
        s.add(op, "dim [1] keepdim", expect(x -> Ref.reduce(a(x, 0), s(1), true, DType.FLOAT64, f)), f64(2, 3, 4), s(1), true);
        s.add(op, "dims [0,-1]", expect(x -> Ref.reduce(a(x, 0), s(0, 2), false, DType.FLOAT64, f)), f64(2, 3, 4), s(0, -1), false);
        s.add(op, "0-d input", expect(x -> Ref.reduce(a(x, 0), null, false, DType.FLOAT64, f)), f64());
        if (intsToo) {
            s.add(op, "int64 dim [0]", expect(x -> Ref.reduce(a(x, 0), s(0), false, DType.INT64, f)), ints(-9, 9, 3, 2), s(0));
        }
    }

    static void add(OpSamples s) {
        reduction(s, "sum", SUM, true);
        s.add("tensor::sum", "bool counts as int64", expect(x -> Ref.reduce(a(x, 0), null, false, DType.INT64, SUM)), bools(3, 4));
        s.add("tensor::sum", "empty dim list means all", expect(x -> Ref.reduce(a(x, 0), null, false, DType.FLOAT64, SUM)),
                f64(2, 3), s());
        reduction(s, "mean", MEAN, false);
        reduction(s, "max", MAX, true);
        reduction(s, "min", MIN, true);
        s.add("tensor::var", "all dims unbiased", expect(x -> Ref.reduce(a(x, 0), null, false, DType.FLOAT32, var(true))), f32(3, 4));
        s.add("tensor::var", "dim [1] biased keepdim", expect(x -> Ref.reduce(a(x, 0), s(1), true, DType.FLOAT64, var(false))),
                f64(3, 4), s(1), false, true);
        s.add("tensor::var", "dims [0,2]", expect(x -> Ref.reduce(a(x, 0), s(0, 2), false, DType.FLOAT64, var(true))),
                f64(2, 3, 4), s(0, 2));
        s.add("tensor::logsumexp", "dim [1]", expect(x -> Ref.reduce(a(x, 0), s(1), false, DType.FLOAT32, LSE)), f32(3, 4), s(1));
        s.add("tensor::logsumexp", "large values, keepdim", expect(x -> Ref.reduce(a(x, 0), s(0, 1), true, DType.FLOAT64, LSE)),
                Ref.uniform(DType.FLOAT64, 500, 800, 2, 3), s(0, 1), true);
        s.add("tensor::argmin", "flattened", expect(x -> Ref.reduce(a(x, 0), null, false, DType.INT64, ARGMIN)), f32(3, 4));
        s.add("tensor::argmin", "dim 1 keepdim", expect(x -> Ref.reduce(a(x, 0), s(1), true, DType.INT64, ARGMIN)), f64(3, 4), 1L, true);
        s.add("tensor::argmax", "flattened", expect(x -> Ref.reduce(a(x, 0), null, false, DType.INT64, ARGMAX)), f32(3, 4));
        s.add("tensor::argmax", "dim 1 keepdim", expect(x -> Ref.reduce(a(x, 0), s(1), true, DType.INT64, ARGMAX)), f64(3, 4), 1L, true);
        s.add("tensor::argmax", "int64 with ties: first", expect(x -> Ref.reduce(a(x, 0), s(0), false, DType.INT64, ARGMAX)),
                ints(0, 3, 5, 3), 0L);
        s.add("tensor::softmax", "dim 1", expect(x -> softmax(a(x, 0), 1, false)), f32(2, 5), 1L);
        s.add("tensor::softmax", "dim 0 of 3-D, large values", expect(x -> softmax(a(x, 0), 0, false)),
                Ref.uniform(DType.FLOAT64, 300, 900, 3, 4, 2), 0L);
        s.add("tensor::log_softmax", "dim -1", expect(x -> softmax(a(x, 0), 1, true)), f32(2, 5), -1L);
        s.add("tensor::log_softmax", "dim 1 of 3-D", expect(x -> softmax(a(x, 0), 1, true)), f64(2, 3, 4), 1L);

        s.add("tensor::mean_backward", "dim [2]", expect(x -> Ref.build(DType.FLOAT64, s(2, 3, 4), i -> at(a(x, 0), i[0], i[1]) / 4)),
                f64(2, 3), f64(2, 3, 4), s(2), false);
        s.add("tensor::mean_backward", "all dims", expect(x -> Ref.build(DType.FLOAT32, s(2, 3), i -> at(a(x, 0)) / 6)),
                f32(), f32(2, 3), null, false);
        s.add("tensor::var_backward", "dim [1] unbiased", expect(x -> {
            NdArray g = a(x, 0);
            NdArray in = a(x, 1);
            NdArray mean = Ref.reduce(in, s(1), false, DType.FLOAT64, MEAN);
            return Ref.build(DType.FLOAT64, in.shape(), i -> 2 * (at(in, i) - at(mean, i[0])) * at(g, i[0]) / 3);
        }), f64(3), f64(3, 4), s(1), true, false);
        s.add("tensor::var_backward", "all dims biased keepdim", expect(x -> {
            NdArray g = a(x, 0);
            NdArray in = a(x, 1);
            double mean = MEAN.apply(in.doubles());
            return Ref.build(DType.FLOAT64, in.shape(), i -> 2 * (at(in, i) - mean) * at(g, 0, 0) / 6);
        }), f64(1, 1), f64(2, 3), null, false, true);
    }
}
