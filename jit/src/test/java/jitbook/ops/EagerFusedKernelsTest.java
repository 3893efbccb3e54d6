package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import jitbook.exec.fuse.EagerKernels;
import jitbook.exec.fuse.FusedGroup;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Eager elementwise ops on large floating-point tensors run the fuser's kernel for that op
 * ({@link EagerKernels}). Generated from the registry: every op the path accepts, on each of its
 * samples grown past {@link EagerKernels#MIN_ELEMENTS} and on the special values (NaN, infinities,
 * signed zeros, huge and tiny numbers), gives what its registry kernel gives: the same dtype and
 * shape, NaN where it gives NaN, and values within the float approximations' stated error.
 */
class EagerFusedKernelsTest {
    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        1e30, -1e30, 1e-30, -1e-30, 1.0, -1.0, 0.5, -0.5, 3.0, -3.0, 20.0, -20.0, 88.0, -88.0, 100.0, -100.0};

    @TestFactory
    Stream<DynamicNode> everyAcceptedOpAgreesWithItsRegistryKernelOnLargeTensors() {
        List<DynamicNode> tests = new ArrayList<>();
        int covered = 0;
        for (OpDef op : OpRegistry.global().all()) {
            if (!EagerKernels.accepts(op)) continue;
            List<OpSamples.Sample> samples = OpSamples.all().getOrDefault(op.name(), List.of());
            for (OpSamples.Sample s : samples) {
                Object[] args = ArrayGradContext.withDefaults(op, s.args());
                Object[] big = grown(args, false);
                if (big == null) continue;
                covered++;
                if (allFloating(big)) {
                    tests.add(DynamicTest.dynamicTest(op.name() + " " + s.label(), () -> assertTaken(op, big)));
                    Object[] special = grown(args, true);
                    tests.add(DynamicTest.dynamicTest(op.name() + " " + s.label() + " special values", () -> assertTaken(op, special)));
                }
                tests.add(DynamicTest.dynamicTest(op.name() + " " + s.label() + " with each operand of every dtype",
                        () -> assertMixedDtypesAgreeOrFallBack(op, big)));
            }
        }
        int total = covered;
        // The path must cover the elementwise family, not silently nothing.
        tests.add(DynamicTest.dynamicTest("covers the elementwise ops", () -> assertTrue(total >= 40, "only " + total + " samples")));
        return tests.stream();
    }

    /** All-float calls take the generated kernel and agree with the registry's. */
    private static void assertTaken(OpDef op, Object[] args) {
        NdArray fused = EagerKernels.run(op, args.clone());
        assertNotNull(fused, op.name() + ": the generated kernel declined a large floating-point call");
        assertAgrees(op, (NdArray) op.run(args.clone()), fused, args);
    }

    /**
     * Each tensor operand in turn as bool, int64, float32 and float64: where the registry kernel
     * refuses the call, the path must decline it (so the registry's error is what the user sees);
     * where it answers, the path declines or gives the same answer.
     */
    private static void assertMixedDtypesAgreeOrFallBack(OpDef op, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!(args[i] instanceof NdArray)) continue;
            for (DType t : new DType[] {DType.BOOL, DType.INT64, DType.FLOAT32, DType.FLOAT64}) {
                Object[] v = args.clone();
                v[i] = converted((NdArray) args[i], t);
                NdArray reference;
                try {
                    reference = (NdArray) op.run(v.clone());
                } catch (RuntimeException refused) {
                    NdArray fused = EagerKernels.run(op, v.clone());
                    if (fused != null) fail(op.name() + " with operand " + i + " as " + t + ": the registry refuses ("
                            + refused.getMessage() + ") but the generated kernel answered");
                    continue;
                }
                NdArray fused = EagerKernels.run(op, v.clone());
                if (fused != null) assertAgrees(op, reference, fused, v);
            }
        }
    }

    private static NdArray converted(NdArray a, DType t) {
        NdArray out = NdArray.zeros(t, a.shape());
        for (int j = 0; j < a.numel(); j++) {
            double x = a.getDouble(j);
            if (t == DType.BOOL) out.setDouble(j, x > 0 ? 1 : 0);
            else if (t == DType.INT64) out.setLong(j, Math.round(x * 3));
            else out.setDouble(j, x);
        }
        return out;
    }

    private static boolean allFloating(Object[] args) {
        for (Object a : args) if (a instanceof NdArray && !((NdArray) a).dtype().isFloating()) return false;
        return true;
    }

    private static void assertAgrees(OpDef op, NdArray reference, NdArray fused, Object[] args) {
        assertEquals(reference.dtype(), fused.dtype(), op.name() + " dtype");
        assertArrayEquals(reference.shape(), fused.shape(), op.name() + " shape");
        boolean single = reference.dtype() == DType.FLOAT32;
        for (int i = 0; i < reference.numel(); i++) {
            double r = reference.getDouble(i);
            double f = fused.getDouble(i);
            if (Double.isNaN(r) || Double.isNaN(f)) {
                if (Double.isNaN(r) != Double.isNaN(f)) fail(op.name() + " element " + i + ": registry " + r + ", fused " + f + at(args, i));
                continue;
            }
            if (Double.isInfinite(r) || Double.isInfinite(f)) {
                // float exp may overflow an ulp earlier or later than (float) Math.exp
                if (r != f && !(single && Math.abs(Math.min(Math.abs(r), Math.abs(f))) > 1e38))
                    fail(op.name() + " element " + i + ": registry " + r + ", fused " + f + at(args, i));
                continue;
            }
            double tol = single ? 2e-6 * (1 + Math.abs(r)) : 1e-12 * (1 + Math.abs(r));
            if (Math.abs(r - f) > tol) fail(op.name() + " element " + i + ": registry " + r + ", fused " + f + at(args, i));
        }
    }

    private static String at(Object[] args, int i) {
        StringBuilder sb = new StringBuilder(" for");
        for (Object a : args) {
            if (a instanceof NdArray) {
                NdArray t = (NdArray) a;
                sb.append(' ').append(t.numel() == 0 ? "[]" : String.valueOf(t.getDouble(Math.min(i, t.numel() - 1) % t.numel())));
            } else {
                sb.append(' ').append(a);
            }
        }
        return sb.toString();
    }

    /**
     * The sample with each tensor of the highest rank repeated along a new leading dimension until
     * the result has at least MIN_ELEMENTS elements (broadcasting still holds); with
     * {@code special}, floating-point tensors hold the special values instead. Null when the
     * sample has no floating-point tensor.
     */
    private static Object[] grown(Object[] args, boolean special) {
        int rank = -1;
        long largest = 1;
        boolean floating = false;
        for (Object a : args) {
            if (!(a instanceof NdArray)) continue;
            NdArray t = (NdArray) a;
            floating |= t.dtype().isFloating();
            rank = Math.max(rank, t.rank());
            largest = Math.max(largest, t.numel());
        }
        if (!floating) return null;
        long copies = (EagerKernels.MIN_ELEMENTS + largest - 1) / Math.max(1, largest) + 1;
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] instanceof NdArray)) continue;
            NdArray t = (NdArray) out[i];
            NdArray g = t.rank() == rank ? repeated(t, copies) : t.copy();
            if (special && g.dtype().isFloating()) {
                for (int j = 0; j < g.numel(); j++) g.setDouble(j, SPECIALS[(j * 7 + i * 3) % SPECIALS.length]);
            }
            out[i] = g;
        }
        return out;
    }

    private static NdArray repeated(NdArray t, long copies) {
        long[] shape = new long[t.rank() + 1];
        shape[0] = copies;
        System.arraycopy(t.shape(), 0, shape, 1, t.rank());
        NdArray g = NdArray.zeros(t.dtype(), shape);
        int n = t.numel();
        for (int j = 0; j < g.numel(); j++) {
            if (t.dtype() == DType.INT64) g.setLong(j, t.getLong(j % n)); else g.setDouble(j, t.getDouble(j % n));
        }
        return g;
    }

    @Test
    void largeFloatTensorsTakeTheGeneratedKernelAndSmallOrIntegerOnesTheRegistrys() {
        long before = FusedGroup.fusedCalls();
        Tensor big = Tensors.randn(64, 100);
        Tensor y = big.exp().add(1.0).tanh();
        assertEquals(before + 3, FusedGroup.fusedCalls(), "three eager ops on 6,400 floats ran generated kernels");
        assertEquals(DType.FLOAT32, y.dtype());
        long beforeMask = FusedGroup.fusedCalls();
        Tensor masked = big.mul(big.gt(0.0)); // relu's gradient: a float times a bool mask
        assertEquals(beforeMask + 2, FusedGroup.fusedCalls(), "the comparison and the masked product ran generated kernels");
        assertEquals(DType.FLOAT32, masked.dtype());

        long afterLarge = FusedGroup.fusedCalls();
        Tensors.randn(4, 4).exp();
        Tensor ints = Tensors.arange(10_000).add(1);
        assertEquals(afterLarge, FusedGroup.fusedCalls(), "small and int64 tensors keep the registry kernel");
        assertEquals(DType.INT64, ints.dtype(), "int64 + 1 stays int64");
        assertEquals(10_000L, ints.array().getLong(9_999));
    }

    @Test
    void gradientsThroughLargeEagerOpsStillFlow() {
        Tensor x = Tensors.randn(80, 80).requiresGrad(true);
        x.tanh().mul(x).sum().backward();
        NdArray g = x.grad().array();
        NdArray xs = x.array();
        for (int i = 0; i < xs.numel(); i += 97) {
            double v = xs.getDouble(i);
            double t = Math.tanh(v);
            assertEquals(t + v * (1 - t * t), g.getDouble(i), 2e-6 * (1 + Math.abs(v)), "d/dx x tanh x at " + v);
        }
    }
}
