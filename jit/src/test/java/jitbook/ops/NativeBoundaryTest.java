package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import jitbook.nn.F;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * A crash in native code cannot be survived in-process (a notebook kernel, a service), so input
 * that would reach native code malformed is refused in Java first (issue 13). Large matrix
 * products and convolutions' GEMMs go to OpenBLAS ({@link Gemm}): wrong shapes, wrong dtypes and
 * sizes that overflow 32-bit arithmetic fail with an {@link OpException} naming the op, and in a
 * fresh JVM neither ND4J nor OpenBLAS is even loaded by them. Arrays handed in through
 * {@code Tensor.of(INDArray)} are checked before their buffers are read.
 */
class NativeBoundaryTest {
    /** The bad calls, each of which must end in an OpException; also run alone in a child JVM. */
    static final List<Executable> BAD = List.of(
            () -> Tensors.randn(128, 128).matmul(Tensors.randn(64, 128)),
            () -> Tensors.randn(128, 128).matmul(Tensors.ones(128, 128).gt(0.0)),
            () -> Tensors.randn(4, 128, 128).matmul(Tensors.randn(3, 128, 128)),
            () -> Tensors.randn(128).matmul(Tensors.randn(129, 300)),
            () -> F.conv2d(Tensors.randn(1, 3, 64, 64), Tensors.randn(16, 4, 3, 3), null, 1, 1),
            () -> F.conv2d(Tensors.randn(1, 3, 64, 64), Tensors.randn(16, 3, 3, 3), Tensors.randn(15), 1, 1),
            () -> F.conv2d(Tensors.randn(1, 3, 64, 64).gt(0.0), Tensors.randn(16, 3, 3, 3), null, 1, 1),
            // Padding that wraps 32-bit sizes: the output would have ~6.4e9 positions, the column matrix more.
            () -> F.conv2d(Tensors.randn(1, 3, 8, 8), Tensors.randn(16, 3, 3, 3), null, 1, 40_000),
            () -> F.conv2d(Tensors.randn(1, 3, 8, 8), Tensors.randn(16, 3, 3, 3), null, 1, 1 << 30),
            () -> F.conv2d(Tensors.randn(1, 3, 8, 8), Tensors.randn(16, 3, 3, 3), null, 0, 1),
            () -> F.conv2d(Tensors.randn(1, 3, 8, 8), Tensors.randn(16, 3, 3, 3), null, -1, 1),
            () -> F.conv2d(Tensors.randn(1, 3, 8, 8), Tensors.randn(16, 3, 3, 3), null, 1, -1),
            () -> OpRegistry.global().get("tensor::conv2d").run(Ref.f32(1, 3, 8, 8), Ref.f32(4, 3, 3, 3), null,
                    new long[] {1}, new long[] {(1L << 32) + 1}),
            () -> OpRegistry.global().get("tensor::max_pool2d").run(Ref.f32(1, 1, 8, 8), new long[] {2}, new long[] {0}));

    @Test
    void badShapesDtypesAndOverflowingSizesFailWithOpExceptions() {
        for (int i = 0; i < BAD.size(); i++) {
            OpException e = assertThrows(OpException.class, BAD.get(i), "case " + i);
            assertTrue(e.getMessage().startsWith(e.op() + ": "), e.getMessage());
        }
        OpException e = assertThrows(OpException.class, BAD.get(7));
        assertEquals("tensor::conv2d", e.op());
        assertTrue(e.getMessage().contains("2^31-1"), e.getMessage());
        // A padding of 2^32 + 1 used to be cast to 1 and run as if it were.
        e = assertThrows(OpException.class, BAD.get(12));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void arraysFromNd4jAreCheckedBeforeTheirBuffersAreRead() {
        org.nd4j.linalg.api.ndarray.INDArray closed = org.nd4j.linalg.factory.Nd4j.rand(3, 3);
        closed.close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(closed));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        // Strings: ND4J's own cast would go into native code and print "Unknown dtypeX=50" on the way.
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(org.nd4j.linalg.factory.Nd4j.create("a", "b")));
        assertTrue(e.getMessage().contains("UTF8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(null));
        // What is fine still crosses.
        assertEquals(6.0, Tensor.of(org.nd4j.linalg.factory.Nd4j.ones(2, 3)).sum().item(), 0.0);
    }

    /** Run in a child JVM: the bad calls, a marker, then one good BLAS-sized product. */
    public static void main(String[] args) {
        for (Executable bad : BAD) {
            try {
                bad.execute();
                throw new AssertionError("no OpException");
            } catch (OpException expected) {
                // as it should be
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
        System.out.println("MARKER bad calls done");
        // above Gemm.VECTOR_MAX multiply-adds: OpenBLAS's route
        System.out.println("MARKER good product " + Tensors.ones(1024, 256).matmul(Tensors.ones(256, 512)).sum().item());
    }

    @Test
    void inAFreshJvmTheBadCallsNeverLoadNd4j() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--")) cmd.add(a); // Java 25's --enable-native-access and the like
        }
        cmd.add("-Xlog:class+load=info");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NativeBoundaryTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out.length() > 4000 ? out.substring(out.length() - 4000) : out);
        int marker = out.indexOf("MARKER bad calls done");
        assertTrue(marker > 0, "no marker");
        String before = out.substring(0, marker);
        assertTrue(!before.contains("org.nd4j.") && !before.contains("org.bytedeco."),
                "native code was loaded by a call that should have been refused first");
        // The positive control: the good product does load OpenBLAS, so the check above can see it.
        String after = out.substring(marker);
        assertTrue(after.contains("org.bytedeco.openblas.global.openblas "), "the good product did not go through OpenBLAS");
        assertTrue(after.contains("MARKER good product " + 1024.0 * 256 * 512), after.substring(Math.max(0, after.length() - 2000)));
    }
}
