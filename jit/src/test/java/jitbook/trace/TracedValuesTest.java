package jitbook.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.ir.IrParser;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** What a trace records of values that are not plain op results: detached tensors, int[] arguments. */
class TracedValuesTest {
    @TempDir
    Path dir;

    @Test
    void aDetachedInputIsRecordedAsAnOpNotFrozenAsAConstant() {
        ScriptFunction f = Jit.trace(a -> a.detach().mul(a), Tensors.tensor(1f, 2f));
        String ir = f.graph().toString();
        assertTrue(ir.contains("tensor::detach"), ir);
        assertFalse(ir.contains("prim::Constant"), "nothing of the example input is frozen:\n" + ir);
        Tensor other = Tensors.tensor(3f, -4f);
        assertArrayEquals(new float[] {9f, 16f}, f.forward(other).toFloatArray());
        assertTrue(f.warnings().isEmpty(), f.warnings().toString());
    }

    @Test
    void aDetachedValueInATraceStillTakesNoGradient() {
        ScriptFunction f = Jit.trace(a -> a.detach().mul(a).sum(), Tensors.tensor(1f, 2f));
        Tensor a = Tensors.tensor(2f, 5f).requiresGrad(true);
        f.forward(a).backward();
        assertArrayEquals(new float[] {2f, 5f}, a.grad().toFloatArray());
    }

    @Test
    void intArraySizesPrintParseAndSave() throws Exception {
        int vocab = 3;
        ScriptFunction f = Jit.trace(x -> x.reshape(-1, vocab), Tensors.ones(2, 6));
        String ir = f.graph().toString();
        assertTrue(ir.contains("[-1, 3]"), ir);
        assertTrue(IrParser.parse(ir).toString().equals(ir), "the printed trace parses back");
        Path file = dir.resolve("reshape.jbm");
        Jit.save(f, file);
        assertTrue(Files.size(file) > 0);
        assertArrayEquals(new long[] {4, 3}, Jit.load(file).forward(Tensors.ones(2, 6)).shape());
    }
}
