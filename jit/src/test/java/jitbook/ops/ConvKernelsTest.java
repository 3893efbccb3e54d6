package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * conv2d, its two adjoints and max pooling against direct (seven-loop) definitions in double, on
 * odd sizes, strides and paddings, with one image and with enough images and channels to split
 * over threads; float32 and float64; the weight gradient bit for bit the same on every call.
 */
class ConvKernelsTest {
    /** n, c, h, w, o, kh, kw, stride, padding. */
    private static final int[][] CASES = {{1, 1, 5, 5, 1, 3, 3, 1, 0}, {2, 3, 7, 6, 4, 3, 2, 2, 1}, {1, 2, 4, 4, 3, 1, 1, 1, 0},
        {3, 1, 9, 9, 5, 4, 4, 3, 2}, {9, 4, 14, 14, 8, 3, 3, 1, 1}, {32, 1, 28, 28, 16, 3, 3, 1, 1}, {6, 16, 14, 14, 32, 3, 3, 1, 1}};

    static NdArray random(DType t, Random rnd, long... shape) {
        NdArray a = NdArray.zeros(t, shape);
        for (int i = 0; i < a.numel(); i++) a.setDouble(i, rnd.nextGaussian());
        return a;
    }

    /** out[n,o,y,x] = b[o] + sum w[o,c,i,j] in[n,c,y*s-p+i,x*s-p+j]. */
    static double[] direct(NdArray in, NdArray w, NdArray b, Conv.Geometry g) {
        double[] out = new double[g.n * g.o * g.oh * g.ow];
        for (int n = 0; n < g.n; n++) {
            for (int o = 0; o < g.o; o++) {
                for (int y = 0; y < g.oh; y++) {
                    for (int x = 0; x < g.ow; x++) {
                        double s = b == null ? 0 : b.getDouble(o);
                        for (int c = 0; c < g.c; c++) {
                            for (int i = 0; i < g.kh; i++) {
                                for (int j = 0; j < g.kw; j++) {
                                    int yy = y * g.sh - g.ph + i;
                                    int xx = x * g.sw - g.pw + j;
                                    if (yy < 0 || yy >= g.h || xx < 0 || xx >= g.w) continue;
                                    s += w.getDouble(((o * g.c + c) * g.kh + i) * g.kw + j) * in.getDouble(((n * g.c + c) * g.h + yy) * g.w + xx);
                                }
                            }
                        }
                        out[((n * g.o + o) * g.oh + y) * g.ow + x] = s;
                    }
                }
            }
        }
        return out;
    }

    /** The adjoints by definition: dIn[n,c,yy,xx] += w * gy, dW[o,c,i,j] += in * gy. */
    static double[][] directBackward(NdArray in, NdArray w, NdArray gy, Conv.Geometry g) {
        double[] dx = new double[in.numel()];
        double[] dw = new double[w.numel()];
        for (int n = 0; n < g.n; n++) {
            for (int o = 0; o < g.o; o++) {
                for (int y = 0; y < g.oh; y++) {
                    for (int x = 0; x < g.ow; x++) {
                        double gv = gy.getDouble(((n * g.o + o) * g.oh + y) * g.ow + x);
                        for (int c = 0; c < g.c; c++) {
                            for (int i = 0; i < g.kh; i++) {
                                for (int j = 0; j < g.kw; j++) {
                                    int yy = y * g.sh - g.ph + i;
                                    int xx = x * g.sw - g.pw + j;
                                    if (yy < 0 || yy >= g.h || xx < 0 || xx >= g.w) continue;
                                    int wi = ((o * g.c + c) * g.kh + i) * g.kw + j;
                                    int xi = ((n * g.c + c) * g.h + yy) * g.w + xx;
                                    dx[xi] += w.getDouble(wi) * gv;
                                    dw[wi] += in.getDouble(xi) * gv;
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw};
    }

    static double[] values(NdArray a) {
        double[] v = new double[a.numel()];
        for (int i = 0; i < v.length; i++) v[i] = a.getDouble(i);
        return v;
    }

    static void close(double[] want, NdArray got, double tol, String what) {
        assertEquals(want.length, got.numel(), what);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got.getDouble(i)) <= tol * (1 + Math.abs(want[i])),
                    what + " [" + i + "]: " + got.getDouble(i) + " vs " + want[i]);
        }
    }

    @Test
    void forwardAndBothAdjointsMatchTheDefinitions() {
        Random rnd = new Random(17);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double tol = t == DType.FLOAT32 ? 3e-5 : 1e-11;
            for (int[] c : CASES) {
                long[] stride = {c[7]};
                long[] pad = {c[8]};
                NdArray x = random(t, rnd, c[0], c[1], c[2], c[3]);
                NdArray w = random(t, rnd, c[4], c[1], c[5], c[6]);
                NdArray b = random(t, rnd, c[4]);
                Conv.Geometry g = Conv.convGeometry("t", x.shape(), w.shape(), stride, pad);
                String what = t.irName() + " " + java.util.Arrays.toString(c);
                close(direct(x, w, b, g), ConvKernels.conv2d("t", x, w, b, stride, pad), tol, "forward " + what);
                close(direct(x, w, null, g), ConvKernels.conv2d("t", x, w, null, stride, pad), tol, "forward no bias " + what);
                NdArray gy = random(t, rnd, g.outShape());
                double[][] want = directBackward(x, w, gy, g);
                close(want[0], ConvKernels.conv2dBackwardInput("t", gy, x, w, stride, pad), tol, "input grad " + what);
                NdArray dw = ConvKernels.conv2dBackwardWeight("t", gy, x, w, stride, pad);
                assertArrayEquals(w.shape(), dw.shape());
                close(want[1], dw, tol * 10, "weight grad " + what);
                assertArrayEquals(values(dw), values(ConvKernels.conv2dBackwardWeight("t", gy, x, w, stride, pad)),
                        "weight grad bits " + what);
            }
        }
    }

    /** max over each window by definition, the first maximum's offset; NaN wins. */
    static double[] directPool(NdArray x, Conv.Geometry g, int[] arg) {
        double[] out = new double[g.n * g.c * g.oh * g.ow];
        for (int nc = 0; nc < g.n * g.c; nc++) {
            for (int y = 0; y < g.oh; y++) {
                for (int xx = 0; xx < g.ow; xx++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int i = 0; i < g.kh; i++) {
                        for (int j = 0; j < g.kw; j++) {
                            int off = (nc * g.h + y * g.sh + i) * g.w + xx * g.sw + j;
                            double v = x.getDouble(off);
                            if (at < 0 || v > best || (Double.isNaN(v) && !Double.isNaN(best))) {
                                best = v;
                                at = off;
                            }
                        }
                    }
                    int o = (nc * g.oh + y) * g.ow + xx;
                    out[o] = best;
                    arg[o] = at;
                }
            }
        }
        return out;
    }

    @Test
    void maxPoolAndItsAdjointMatchTheDefinitionWithTiesAndNaNs() {
        Random rnd = new Random(23);
        // n, c, h, w, kernel, stride: overlapping windows, odd sizes, and one large enough to split
        int[][] cases = {{1, 1, 4, 4, 2, 2}, {2, 3, 7, 5, 3, 2}, {1, 2, 5, 5, 2, 1}, {32, 16, 28, 28, 2, 2}};
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] c : cases) {
                NdArray x = random(t, rnd, c[0], c[1], c[2], c[3]);
                // ties (rounded values) and a NaN
                for (int i = 0; i < x.numel(); i += 3) x.setDouble(i, Math.round(x.getDouble(i)));
                x.setDouble(x.numel() / 2, Double.NaN);
                Conv.Geometry g = Conv.poolGeometry("t", x.shape(), new long[] {c[4]}, new long[] {c[5]});
                int[] arg = new int[Shapes.numel(g.outShape())];
                double[] want = directPool(x, g, arg);
                NdArray got = PoolKernels.maxPool(x, g, null);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got.getDouble(i), 0.0, t.irName() + " pool " + java.util.Arrays.toString(c) + " [" + i + "]");
                }
                NdArray gy = random(t, rnd, g.outShape());
                double[] dx = new double[x.numel()];
                for (int i = 0; i < arg.length; i++) dx[arg[i]] += gy.getDouble(i);
                close(dx, PoolKernels.maxPoolBackward(gy, x, g), 1e-6, t.irName() + " pool grad " + java.util.Arrays.toString(c));
            }
        }
        NdArray ints = Ref.longs(new long[] {1, 1, 2, 2}, 3, 9, 9, 1);
        Conv.Geometry g = Conv.poolGeometry("t", ints.shape(), new long[] {2}, new long[0]);
        assertEquals(9L, PoolKernels.maxPool(ints, g, null).getLong(0));
    }
}
