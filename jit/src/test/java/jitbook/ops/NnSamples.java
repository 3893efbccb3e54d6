package jitbook.ops;

import static jitbook.ops.OpSamples.a;
import static jitbook.ops.OpSamples.expect;
import static jitbook.ops.Ref.at;
import static jitbook.ops.Ref.f32;
import static jitbook.ops.Ref.f64;
import static jitbook.ops.Ref.ints;
import static jitbook.ops.Ref.longs;
import static jitbook.ops.Ref.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Samples for LinalgOps and NnOps, with direct-loop oracles (no im2col, no BLAS). */
final class NnSamples {
    private NnSamples() {
    }

    /** torch.matmul by definition: promote 1-D operands, broadcast batch dims, drop the added dims. */
    static NdArray matmul(NdArray a, NdArray b, DType t) {
        long[] sa = a.rank() == 1 ? s(1, a.dim(0)) : a.shape();
        long[] sb = b.rank() == 1 ? s(b.dim(0), 1) : b.shape();
        NdArray a2 = new NdArray(a.dtype(), sa, a.data());
        NdArray b2 = new NdArray(b.dtype(), sb, b.data());
        long[] batch = Ref.bshape(Arrays.copyOf(sa, sa.length - 2), Arrays.copyOf(sb, sb.length - 2));
        long n = sa[sa.length - 2];
        long k = sa[sa.length - 1];
        long m = sb[sb.length - 1];
        long[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = n;
        full[batch.length + 1] = m;
        NdArray out = Ref.build(t, full, idx -> {
            double acc = 0;
            for (long p = 0; p < k; p++) {
                long[] ia = idx.clone();
                ia[batch.length + 1] = p;
                long[] ib = idx.clone();
                ib[batch.length] = p;
                acc += Ref.atB(a2, ia) * Ref.atB(b2, ib);
            }
            return acc;
        });
        long[] shape = batch;
        if (a.rank() > 1) shape = ShapeSamples.insert(shape, shape.length, n);
        if (b.rank() > 1) shape = ShapeSamples.insert(shape, shape.length, m);
        return new NdArray(t, shape, out.data());
    }

    /** Direct convolution: out[n,o,y,x] = b[o] + sum w[o,c,i,j] * in[n,c,y*sh-ph+i,x*sw-pw+j]. */
    static NdArray conv(NdArray in, NdArray w, NdArray b, int sh, int sw, int ph, int pw) {
        long oh = (in.dim(2) + 2 * ph - w.dim(2)) / sh + 1;
        long ow = (in.dim(3) + 2 * pw - w.dim(3)) / sw + 1;
        return Ref.build(in.dtype(), s(in.dim(0), w.dim(0), oh, ow), o -> {
            double acc = b == null ? 0 : at(b, o[1]);
            for (long c = 0; c < in.dim(1); c++) {
                for (long i = 0; i < w.dim(2); i++) {
                    for (long j = 0; j < w.dim(3); j++) {
                        long y = o[2] * sh - ph + i;
                        long x = o[3] * sw - pw + j;
                        if (y >= 0 && y < in.dim(2) && x >= 0 && x < in.dim(3)) acc += at(w, o[1], c, i, j) * at(in, o[0], c, y, x);
                    }
                }
            }
            return acc;
        });
    }

    /** conv's input gradient by scattering every product back (the definition, not a transposed convolution). */
    static NdArray convGradInput(NdArray g, NdArray in, NdArray w, int sh, int sw, int ph, int pw) {
        NdArray dx = NdArray.zeros(g.dtype(), in.shape());
        for (int f = 0; f < g.numel(); f++) {
            long[] o = Ref.unravel(g.shape(), f);
            for (long c = 0; c < in.dim(1); c++) {
                for (long i = 0; i < w.dim(2); i++) {
                    for (long j = 0; j < w.dim(3); j++) {
                        long y = o[2] * sh - ph + i;
                        long x = o[3] * sw - pw + j;
                        if (y >= 0 && y < in.dim(2) && x >= 0 && x < in.dim(3)) {
                            int p = Ref.ravel(in.shape(), s(o[0], c, y, x));
                            dx.setDouble(p, dx.getDouble(p) + g.getDouble(f) * at(w, o[1], c, i, j));
                        }
                    }
                }
            }
        }
        return dx;
    }

    static NdArray convGradWeight(NdArray g, NdArray in, NdArray w, int sh, int sw, int ph, int pw) {
        return Ref.build(g.dtype(), w.shape(), q -> {
            double acc = 0;
            for (long n = 0; n < g.dim(0); n++) {
                for (long y0 = 0; y0 < g.dim(2); y0++) {
                    for (long x0 = 0; x0 < g.dim(3); x0++) {
                        long y = y0 * sh - ph + q[2];
                        long x = x0 * sw - pw + q[3];
                        if (y >= 0 && y < in.dim(2) && x >= 0 && x < in.dim(3)) acc += at(g, n, q[0], y0, x0) * at(in, n, q[1], y, x);
                    }
                }
            }
            return acc;
        });
    }

    static NdArray pool(NdArray in, int kh, int kw, int sh, int sw, NdArray grad) {
        long oh = (in.dim(2) - kh) / sh + 1;
        long ow = (in.dim(3) - kw) / sw + 1;
        NdArray out = NdArray.zeros(in.dtype(), s(in.dim(0), in.dim(1), oh, ow));
        NdArray dx = grad == null ? null : NdArray.zeros(grad.dtype(), in.shape());
        for (int f = 0; f < out.numel(); f++) {
            long[] o = Ref.unravel(out.shape(), f);
            long[] best = null;
            for (long i = 0; i < kh; i++) {
                for (long j = 0; j < kw; j++) {
                    long[] p = s(o[0], o[1], o[2] * sh + i, o[3] * sw + j);
                    if (best == null || at(in, p) > at(in, best)) best = p;
                }
            }
            out.setDouble(f, at(in, best));
            if (dx != null) {
                int p = Ref.ravel(in.shape(), best);
                dx.setDouble(p, dx.getDouble(p) + grad.getDouble(f));
            }
        }
        return dx == null ? out : dx;
    }

    static NdArray layerNorm(NdArray x, int m, NdArray w, NdArray b, double eps) {
        NdArray out = NdArray.zeros(x.dtype(), x.shape());
        for (int r = 0; r < x.numel() / m; r++) {
            double mean = 0;
            for (int j = 0; j < m; j++) mean += x.getDouble(r * m + j) / m;
            double var = 0;
            for (int j = 0; j < m; j++) var += Math.pow(x.getDouble(r * m + j) - mean, 2) / m;
            for (int j = 0; j < m; j++) {
                double v = (x.getDouble(r * m + j) - mean) / Math.sqrt(var + eps);
                out.setDouble(r * m + j, v * (w == null ? 1 : w.getDouble(j)) + (b == null ? 0 : b.getDouble(j)));
            }
        }
        return out;
    }

    static void add(OpSamples s) {
        linalg(s);
        conv(s);
        misc(s);
    }

    private static void linalg(OpSamples s) {
        String mm = "tensor::matmul";
        s.add(mm, "2-D @ 2-D", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT32)), f32(2, 3), f32(3, 4));
        s.add(mm, "1-D . 1-D", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT64)), f64(3), f64(3));
        s.add(mm, "1-D @ 2-D", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT64)), f64(3), f64(3, 4));
        s.add(mm, "2-D @ 1-D", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT64)), f64(2, 3), f64(3));
        s.add(mm, "batched @ 2-D", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT32)), f32(2, 2, 3), f32(3, 4));
        s.add(mm, "broadcast batch dims", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT64)), f64(2, 1, 2, 3), f64(3, 3, 2));
        s.add(mm, "1-D @ batched", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT64)), f64(3), f64(2, 3, 2));
        s.add(mm, "int64", expect(x -> matmul(a(x, 0), a(x, 1), DType.INT64)), ints(-5, 5, 3, 4), ints(-5, 5, 4, 2));
        s.addNoGrad(mm, "f32 above the BLAS threshold", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT32)), f32(70, 65), f32(65, 70));
        s.addNoGrad(mm, "f64 batched above the BLAS threshold", expect(x -> matmul(a(x, 0), a(x, 1), DType.FLOAT64)),
                f64(2, 70, 70), f64(70, 60));
        s.add("tensor::matmul_operand", "1-D left", expect(x -> ShapeSamples.sameData(a(x, 0), s(1, 3))), f64(3), false);
        s.add("tensor::matmul_operand", "1-D right", expect(x -> ShapeSamples.sameData(a(x, 0), s(3, 1))), f64(3), true);
        s.add("tensor::matmul_operand", "2-D unchanged", expect(x -> a(x, 0)), f32(2, 3), true);
        s.add("tensor::matmul_grad_output", "vector @ matrix", expect(x -> ShapeSamples.sameData(a(x, 0), s(1, 4))),
                f64(4), f64(3), f64(3, 4));
        s.add("tensor::matmul_grad_output", "batched @ vector", expect(x -> ShapeSamples.sameData(a(x, 0), s(2, 5, 1))),
                f64(2, 5), f64(2, 5, 3), f64(3));
        String li = "tensor::linear";
        s.add(li, "with bias", expect(x -> Ref.binary(matmul(a(x, 0), ShapeSamples.transposed(a(x, 1)), DType.FLOAT32), a(x, 2),
                DType.FLOAT32, Double::sum)), f32(2, 3), f32(4, 3), f32(4));
        s.add(li, "1-D input, no bias", expect(x -> matmul(a(x, 0), ShapeSamples.transposed(a(x, 1)), DType.FLOAT64)),
                f64(3), f64(4, 3));
        s.add(li, "3-D input, explicit None", expect(x -> matmul(a(x, 0), ShapeSamples.transposed(a(x, 1)), DType.FLOAT64)),
                f64(2, 2, 3), f64(4, 3), null);
        String lw = "tensor::linear_weight_grad";
        s.add(lw, "2-D: grad^T input", expect(x -> matmul(ShapeSamples.transposed(a(x, 0)), a(x, 1), DType.FLOAT32)), f32(3, 4), f32(3, 2));
        s.add(lw, "1-D: outer product", expect(x -> matmul(ShapeSamples.sameData(a(x, 0), s(4, 1)), ShapeSamples.sameData(a(x, 1), s(1, 2)),
                DType.FLOAT64)), f64(4), f64(2));
        s.add(lw, "3-D: summed over both leading dims", expect(x -> matmul(ShapeSamples.transposed(ShapeSamples.sameData(a(x, 0), s(6, 4))),
                ShapeSamples.sameData(a(x, 1), s(6, 2)), DType.FLOAT64)), f64(2, 3, 4), f64(2, 3, 2));
    }

    private static void conv(OpSamples s) {
        String cv = "tensor::conv2d";
        s.add(cv, "3x3 padding 1 with bias", expect(x -> conv(a(x, 0), a(x, 1), a(x, 2), 1, 1, 1, 1)),
                f32(2, 3, 5, 5), f32(4, 3, 3, 3), f32(4), s(1), s(1));
        s.add(cv, "stride [2,1] padding [0,1] no bias", expect(x -> conv(a(x, 0), a(x, 1), null, 2, 1, 0, 1)),
                f64(1, 2, 5, 4), f64(3, 2, 2, 3), null, s(2, 1), s(0, 1));
        s.add("tensor::conv2d_backward_input", "stride 2 padding 1", expect(x -> convGradInput(a(x, 0), a(x, 1), a(x, 2), 2, 2, 1, 1)),
                f64(2, 3, 3, 3), f64(2, 2, 5, 5), f64(3, 2, 3, 3), s(2), s(1));
        s.add("tensor::conv2d_backward_weight", "stride 2 padding 1", expect(x -> convGradWeight(a(x, 0), a(x, 1), a(x, 2), 2, 2, 1, 1)),
                f64(2, 3, 3, 3), f64(2, 2, 5, 5), f64(3, 2, 3, 3), s(2), s(1));
        String mp = "tensor::max_pool2d";
        s.add(mp, "2x2 stride 2", expect(x -> pool(a(x, 0), 2, 2, 2, 2, null)), f32(2, 3, 4, 4), s(2, 2), s(2, 2));
        s.add(mp, "3x3 default stride, ragged", expect(x -> pool(a(x, 0), 3, 3, 3, 3, null)), f64(1, 2, 7, 6), s(3), s());
        s.add(mp, "2x2 stride 1 int64", expect(x -> pool(a(x, 0), 2, 2, 1, 1, null)), ints(-9, 9, 1, 1, 4, 4), s(2), s(1));
        s.add("tensor::max_pool2d_backward", "overlapping windows", expect(x -> pool(a(x, 1), 2, 2, 1, 1, a(x, 0))),
                f64(1, 2, 3, 3), f64(1, 2, 4, 4), s(2), s(1));
    }

    private static void misc(OpSamples s) {
        String dm = "tensor::dropout_mask";
        s.add(dm, "p=0.3 in training", (x, r) -> {
            NdArray m = (NdArray) r;
            assertEquals(DType.FLOAT32, m.dtype());
            int zeros = 0;
            for (int i = 0; i < m.numel(); i++) {
                double v = m.getDouble(i);
                assertTrue(v == 0 || Math.abs(v - 1 / 0.7) < 1e-6, "mask value " + v);
                if (v == 0) zeros++;
            }
            assertTrue(zeros > 240 && zeros < 360, zeros + " zeros of 1000 for p=0.3");
        }, f32(10, 100), 0.3, true);
        s.add(dm, "eval mode gives ones", expect(x -> Ref.unary(a(x, 0), DType.FLOAT64, v -> 1)), f64(3, 4), 0.5, false);
        s.add(dm, "p=1 gives zeros", expect(x -> Ref.unary(a(x, 0), DType.FLOAT32, v -> 0)), f32(5), 1.0, true);

        s.add("tensor::embedding", "2-D indices", expect(x -> Ref.build(DType.FLOAT32, s(2, 2, 3),
                i -> at(a(x, 0), (long) at(a(x, 1), i[0], i[1]), i[2]))),
                f32(5, 3), longs(s(2, 2), 4, 0, 2, 4));
        s.add("tensor::embedding_backward", "repeated rows accumulate", expect(x -> Ref.build(DType.FLOAT64, s(5, 3), i -> {
            double v = 0;
            long[] ix = a(x, 2).longs();
            for (int k = 0; k < ix.length; k++) if (ix[k] == i[0]) v += at(a(x, 0), k / 2, k % 2, i[1]);
            return v;
        })), f64(2, 2, 3), f64(5, 3), longs(s(2, 2), 4, 0, 2, 4));

        s.add("tensor::mse_loss", "same shape", expect(x -> Ref.reduce(Ref.binary(x[0], x[1], DType.FLOAT32, (p, q) -> (p - q) * (p - q)),
                null, false, DType.FLOAT32, ReduceSamples.MEAN)), f32(2, 3), f32(2, 3));
        s.add("tensor::mse_loss", "broadcast target", expect(x -> Ref.reduce(Ref.binary(x[0], x[1], DType.FLOAT64,
                (p, q) -> (p - q) * (p - q)), null, false, DType.FLOAT64, ReduceSamples.MEAN)), f64(2, 3), f64(3));
        s.add("tensor::cross_entropy", "4 x 5 logits", expect(x -> {
            NdArray in = a(x, 0);
            NdArray lsm = ReduceSamples.softmax(in, 1, true);
            double loss = 0;
            for (int n = 0; n < 4; n++) loss -= at(lsm, n, a(x, 1).longs()[n]);
            return NdArray.scalar(in.dtype(), loss / 4);
        }), f64(4, 5), longs(s(4), 1, 4, 0, 1));
        s.add("tensor::cross_entropy", "f32", expect(x -> {
            NdArray lsm = ReduceSamples.softmax(a(x, 0), 1, true);
            return NdArray.scalar(DType.FLOAT32, -(at(lsm, 0, 2) + at(lsm, 1, 0)) / 2);
        }), f32(2, 3), longs(s(2), 2, 0));
        s.add("tensor::cross_entropy_backward", "softmax minus one-hot", expect(x -> {
            NdArray p = ReduceSamples.softmax(a(x, 1), 1, false);
            long[] t = a(x, 2).longs();
            return Ref.build(DType.FLOAT64, s(3, 4), i -> at(a(x, 0)) * (at(p, i) - (t[(int) i[0]] == i[1] ? 1 : 0)) / 3);
        }), f64(), f64(3, 4), longs(s(3), 3, 0, 3));

        String ln = "tensor::layer_norm";
        s.add(ln, "weight and bias", expect(x -> layerNorm(a(x, 0), 4, a(x, 2), a(x, 3), 1e-5)),
                f32(2, 3, 4), s(4), f32(4), f32(4), 1e-5);
        s.add(ln, "two dims, defaults", expect(x -> layerNorm(a(x, 0), 12, null, null, 1e-5)), f64(2, 3, 4), s(3, 4));
        s.add(ln, "weight only, eps 0.1", expect(x -> layerNorm(a(x, 0), 3, a(x, 2), null, 0.1)), f64(4, 3), s(3), f64(3), null, 0.1);
        s.add("tensor::layer_norm_backward", "finite differences of the test's layer norm", (x, r) -> {
            NdArray g = a(x, 0);
            NdArray in = a(x, 1).copy();
            NdArray w = a(x, 3);
            NdArray expected = NdArray.zeros(DType.FLOAT64, in.shape());
            double eps = 1e-6;
            for (int i = 0; i < in.numel(); i++) {
                double v = in.getDouble(i);
                in.setDouble(i, v + eps);
                double plus = dot(g, layerNorm(in, 4, w, null, 1e-5));
                in.setDouble(i, v - eps);
                double minus = dot(g, layerNorm(in, 4, w, null, 1e-5));
                in.setDouble(i, v);
                expected.setDouble(i, (plus - minus) / (2 * eps));
            }
            NdArray got = (NdArray) r;
            for (int i = 0; i < got.numel(); i++) {
                assertEquals(expected.getDouble(i), got.getDouble(i), 1e-6, "element " + i);
            }
        }, f64(3, 4), f64(3, 4), s(4), f64(4), 1e-5);
    }

    static double dot(NdArray a, NdArray b) {
        double s = 0;
        for (int i = 0; i < a.numel(); i++) s += a.getDouble(i) * b.getDouble(i);
        return s;
    }
}
