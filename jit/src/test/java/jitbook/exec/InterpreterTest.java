package jitbook.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jitbook.ir.Graph;
import jitbook.ir.IrParser;
import jitbook.ops.DType;
import jitbook.ops.NdArray;

class InterpreterTest {
    private static NdArray vec(float... v) {
        return new NdArray(DType.FLOAT32, new long[] {v.length}, v);
    }

    private static Object[] run(String ir, Object... args) {
        Graph g = IrParser.parse(ir);
        return new Interpreter(g).run(args);
    }

    @Test
    void loopAppliesTheBodyTripCountTimes() {
        Object[] out = run(jitbook.ir.IrRoundTripTest.LOOP, vec(0.5f, -1f), 3);
        float[] got = ((NdArray) out[0]).floats();
        double a = Math.tanh(Math.tanh(Math.tanh(0.5)));
        assertEquals(a, got[0], 1e-6);
        assertEquals(-Math.tanh(Math.tanh(Math.tanh(1.0))), got[1], 1e-6);
    }

    @Test
    void loopWithZeroTripsReturnsTheInitialValue() {
        NdArray x = vec(0.5f);
        Object[] out = run(jitbook.ir.IrRoundTripTest.LOOP, x, 0);
        assertArrayEquals(new float[] {0.5f}, ((NdArray) out[0]).floats());
    }

    static final String BRANCH = String.join("\n",
            "graph(%x : Tensor, %c : bool):",
            "  %two : double = prim::Constant[value=2.0]()",
            "  %r : Tensor = prim::If(%c)",
            "    block0():",
            "      %a : Tensor = tensor::mul(%x, %two)",
            "      -> (%a)",
            "    block1():",
            "      %b : Tensor = tensor::neg(%x)",
            "      -> (%b)",
            "  return (%r)");

    @Test
    void ifRunsOnlyTheChosenBlock() {
        assertArrayEquals(new float[] {2f}, ((NdArray) run(BRANCH, vec(1f), true)[0]).floats());
        assertArrayEquals(new float[] {-1f}, ((NdArray) run(BRANCH, vec(1f), false)[0]).floats());
    }

    @Test
    void aOneElementTensorWorksAsACondition() {
        NdArray t = new NdArray(DType.BOOL, new long[0], new boolean[] {true});
        assertArrayEquals(new float[] {2f}, ((NdArray) run(BRANCH, vec(1f), t)[0]).floats());
    }

    @Test
    void aLargerTensorAsConditionIsARuntimeErrorNamingTheNode() {
        NdArray t = new NdArray(DType.BOOL, new long[] {2}, new boolean[] {true, false});
        ScriptRuntimeError e = assertThrows(ScriptRuntimeError.class, () -> run(BRANCH, vec(1f), t));
        assertTrue(e.getMessage().contains("prim::If") && e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void listsTuplesAndDictsAreBuiltFresh() {
        String ir = String.join("\n",
                "graph(%a : int, %b : int):",
                "  %l : List[int] = prim::ListConstruct(%a, %b)",
                "  %t : (int, int) = prim::TupleConstruct(%b, %a)",
                "  %k : str = prim::Constant[value=\"key\"]()",
                "  %d : Dict[str, int] = prim::DictConstruct(%k, %a)",
                "  %x : int, %y : int = prim::TupleUnpack(%t)",
                "  return (%l, %d, %x, %y)");
        Object[] out = run(ir, 1, 2);
        assertEquals(List.of(1, 2), out[0]);
        assertEquals(Map.of("key", 1), out[1]);
        assertEquals(2, out[2]);
        assertEquals(1, out[3]);
    }

    @Test
    void aShapeErrorInsideTheGraphNamesTheIrNode() {
        String ir = "graph(%a : Tensor, %b : Tensor):\n  %c : Tensor = tensor::add(%a, %b)\n  return (%c)\n";
        ScriptRuntimeError e = assertThrows(ScriptRuntimeError.class, () -> run(ir, vec(1, 2, 3), vec(1, 2)));
        assertTrue(e.getMessage().contains("tensor::add") && e.getMessage().contains("[3]") && e.getMessage().contains("%c"),
                e.getMessage());
    }

    @Test
    void anInterruptedThreadStopsALoopBetweenIterations() {
        String ir = String.join("\n",
                "graph(%x : Tensor):",
                "  %t : bool = prim::Constant[value=1]()",
                "  %n : long = prim::Constant[value=9223372036854775807]()",
                "  %y : Tensor = prim::Loop(%n, %t, %x)",
                "    block0(%i : long, %y.1 : Tensor):",
                "      %y.2 : Tensor = tensor::neg(%y.1)",
                "      -> (%t, %y.2)",
                "  return (%y)");
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.util.concurrent.CancellationException.class, () -> run(ir, vec(1f)));
        } finally {
            Thread.interrupted();
        }
    }
}
