package jitbook.exec.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.passes.PassPipeline;

/**
 * The Vector API forms of exp/log/sin/cos: off by default (not bit-reproducible across JIT tiers),
 * within an ulp or two of {@code Math}, used by fused kernels when turned on and not used (same
 * results to an ulp) when off. The test JVM is started with {@code --add-modules
 * jdk.incubator.vector} (the surefire argLine).
 */
class VectorMathTest {
    private static final java.util.function.DoubleUnaryOperator[] EXACT = {Math::exp, Math::log, Math::sin, Math::cos};

    @Test
    void theTestJvmHasTheVectorApiButItIsOffUnlessAskedFor() {
        assertFalse(VectorMath.active(), "on by default: its results are not bit-reproducible");
        VectorMath.setEnabled(true);
        try {
            assertTrue(VectorMath.active(), "VectorMath unavailable: " + VectorMath.unavailableReason());
        } finally {
            VectorMath.setEnabled(false);
        }
    }

    @Test
    void everyFunctionIsWithinTwoUlpsOverRangesWithOddLengthsAndOffsets() {
        Random rnd = new Random(3);
        for (int f = 0; f < EXACT.length; f++) {
            for (int n : new int[] {1, 15, 16, 17, 1000, 4099}) {
                int off = rnd.nextInt(5);
                float[] in = new float[n + off];
                double[] din = new double[n + off];
                for (int i = 0; i < in.length; i++) {
                    double v = f == 1 ? Math.exp(rnd.nextGaussian() * 10) : rnd.nextGaussian() * (f == 0 ? 30 : 100);
                    in[i] = (float) v;
                    din[i] = v;
                }
                float[] out = new float[n + 3];
                double[] dout = new double[n + 3];
                VectorMath.apply(f, in, off, out, 3, n);
                VectorMath.apply(f, din, off, dout, 3, n);
                for (int i = 0; i < n; i++) {
                    double want = EXACT[f].applyAsDouble(in[off + i]);
                    float wantF = (float) want;
                    assertTrue(Math.abs(out[3 + i] - want) <= 2 * Math.ulp(wantF) + 1e-45,
                            VectorMath.FUNCTIONS.get(f) + "(" + in[off + i] + ") = " + out[3 + i] + ", want " + wantF);
                    double wantD = EXACT[f].applyAsDouble(din[off + i]);
                    assertTrue(Math.abs(dout[3 + i] - wantD) <= 2 * Math.ulp(wantD),
                            VectorMath.FUNCTIONS.get(f) + "(" + din[off + i] + ") = " + dout[3 + i] + ", want " + wantD);
                }
            }
        }
    }

    static final String IR = "graph(%x : Float(40, 250), %y : Float(250)):\n"
            + "  %a : Tensor = tensor::mul(%x, %y)\n"
            + "  %b : Tensor = tensor::sin(%a)\n"
            + "  %c : Tensor = tensor::exp(%b)\n"
            + "  %d : Tensor = tensor::add(%c, %x)\n"
            + "  return (%d)";

    static Object[] args() {
        Random rnd = new Random(5);
        NdArray x = NdArray.zeros(DType.FLOAT32, new long[] {40, 250});
        NdArray y = NdArray.zeros(DType.FLOAT32, new long[] {250});
        for (int i = 0; i < x.numel(); i++) x.setDouble(i, rnd.nextGaussian() * 3);
        for (int i = 0; i < y.numel(); i++) y.setDouble(i, rnd.nextGaussian());
        return new Object[] {x, y};
    }

    @Test
    void fusedKernelsCallTheVectorFormsAndFallBackToScalarWhenTurnedOff() {
        Object[] args = args();
        Object want = new Interpreter(Jit.parseIr(IR)).run(args)[0];
        for (boolean on : new boolean[] {true, false}) {
            VectorMath.setEnabled(on);
            try {
                Graph g = Jit.parseIr(IR);
                PassPipeline.of("fuse").run(g);
                long before = FusedGroup.fusedCalls();
                Object got = new Interpreter(g).run(args)[0];
                assertTrue(FusedGroup.fusedCalls() > before, "ran fused");
                FusedAssert.close(want, got, 1e-6, 1e-6, "vector math " + on);
                String source = FusionReport.explain(g);
                if (on) assertTrue(source.contains("VectorMath.apply(2, ") && source.contains("VectorMath.apply(0, "), source);
                else assertFalse(source.contains("VectorMath.apply"), source);
            } finally {
                VectorMath.setEnabled(false);
            }
        }
    }
}
