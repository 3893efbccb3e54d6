package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.passes.PassPipeline;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Java's counted {@code for} lowers to a loop whose condition is the constant {@code true}
 * when its body cannot break or return, so the optimizer can unroll it and fold what it computes
 * (as TorchScript folds {@code for i in range(5): l.append(i)} to a constant list). A body that can
 * break keeps its flag and stays a loop.
 */
class CountedLoopLoweringTest {
    private static Graph optimized(ScriptFunction f) {
        return PassPipeline.defaultPipeline().run(f.graph().copy()).graph();
    }

    @Test
    void aLoopWithoutBreakCarriesNoFlagAndFoldsToAConstantList() {
        ScriptFunction f = Jit.script("List<Integer> f() {\n"
                + "    List<Integer> l = new ArrayList<>();\n"
                + "    for (int i = 0; i < 5; i++) l.add(i);\n"
                + "    return l;\n"
                + "}");
        String raw = f.graph().toString();
        assertFalse(raw.contains("scalar::not"), "no break flag is carried through scalar::not:\n" + raw);
        String opt = optimized(f).toString();
        assertFalse(opt.contains("prim::Loop"), opt);
        assertTrue(opt.contains("prim::Constant[value=[0, 1, 2, 3, 4]]"), opt);
        assertEquals(List.of(0, 1, 2, 3, 4), f.call());
    }

    @Test
    void aLoopThatCanBreakKeepsItsFlagAndItsMeaning() {
        ScriptFunction f = Jit.script("int f(int n) {\n"
                + "    int s = 0;\n"
                + "    for (int i = 0; i < 10; i++) { if (i * i > n) break; s += i; }\n"
                + "    return s;\n"
                + "}");
        assertTrue(f.graph().toString().contains("scalar::not"), f.graph().toString());
        assertTrue(optimized(f).toString().contains("prim::Loop"), "a loop that may break is not unrolled");
        for (int n : new int[] {-1, 0, 5, 30, 200}) {
            int expected = 0;
            for (int i = 0; i < 10; i++) {
                if (i * i > n) break;
                expected += i;
            }
            assertEquals(expected, f.call(n), "n = " + n);
        }
    }

    @Test
    void continueWithoutBreakStillUnrollsAndSkipsTheRestOfTheIteration() {
        ScriptFunction f = Jit.script("int f(int n) {\n"
                + "    int s = 0;\n"
                + "    for (int i = 0; i < 6; i++) { if (i % 2 == 0) continue; s += i * n; }\n"
                + "    return s;\n"
                + "}");
        assertFalse(optimized(f).toString().contains("prim::Loop"), optimized(f).toString());
        assertEquals(9 * 7, f.call(7));
    }

    @Test
    void aGeneralForLoopWithoutBreakRunsItsUpdateUnguarded() {
        ScriptFunction f = Jit.script("int f(int n) {\n"
                + "    int s = 0;\n"
                + "    for (int i = 1; i < n; i *= 2) s += i;\n"
                + "    return s;\n"
                + "}");
        assertFalse(f.graph().toString().contains("prim::If"), "the update needs no break guard:\n" + f.graph());
        assertEquals(1 + 2 + 4 + 8 + 16, f.call(20));
    }

    /** Notebook 03 says "constant trip count: unrolled" beside its loop: its own optimized IR must agree. */
    @Test
    void notebookThreesUnrolledLoopIsUnrolled() throws Exception {
        Path nb = Path.of("../notebooks/03-inside-the-optimizer.ipynb");
        String source = null;
        for (JsonElement cell : JsonParser.parseString(Files.readString(nb)).getAsJsonObject().getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            JsonElement src = c.get("source");
            StringBuilder sb = new StringBuilder();
            if (src.isJsonArray()) for (JsonElement line : src.getAsJsonArray()) sb.append(line.getAsString());
            else sb.append(src.getAsString());
            if (sb.toString().contains("constant trip count: unrolled")) source = sb.toString();
        }
        assertTrue(source != null, "notebook 03 still has the cell with the unrolled loop");
        String body = source.substring(source.indexOf('\n') + 1); // drop the %%script line
        ScriptFunction f = Jit.script(body);
        Tensor x = Tensors.randn(4, 4);
        f.call(x);
        String opt = optimized(f).toString();
        assertFalse(opt.contains("prim::Loop"), "the notebook's loop is unrolled:\n" + opt);
        assertEquals(3, opt.split("tensor::tanh", -1).length - 1, "one tanh per unrolled iteration:\n" + opt);
    }
}
