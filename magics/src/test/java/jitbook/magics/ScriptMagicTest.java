package jitbook.magics;

import static jitbook.magics.Sessions.cell;
import static jitbook.magics.Sessions.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;

/** %%script against a real JShell session: functions and classes bound by name, IR, timing, compile errors. */
class ScriptMagicTest {
    static final String LOOP = "%%script\nTensor g(Tensor x, int n) {\n    Tensor y = x;\n    for (int i = 0; i < n; i++) {\n"
            + "        y = y.tanh().mul(0.5).add(x);\n    }\n    return y;\n}\n";

    @BeforeAll
    static void inputs() {
        java("Tensor sx = Tensors.tensor(new float[] {0.1f, 0.2f, 0.3f, 0.4f});");
    }

    @Test
    void functionsAreBoundWithTheirDeclaredTypes() {
        Sessions.Run run = cell(LOOP).ok();
        assertTrue(run.html().contains("prim::Loop") && run.html().contains("as compiled"), run.html());
        assertTrue(run.html().contains("Optimizer"), "generic optimizer run shown");
        Object y = java("g(sx, 3)");
        assertInstanceOf(Tensor.class, y, "g(x, 3) returns a Tensor");
        Tensor eager = (Tensor) java("Tensor ey = sx; for (int i = 0; i < 3; i++) ey = ey.tanh().mul(0.5).add(sx); ey");
        assertEquals(eager.toString(), y.toString());
        assertInstanceOf(ScriptFunction.class, java("__jit_g"));
    }

    @Test
    void primitiveReturnsAndSeveralFunctionsCallingEachOther() {
        cell("%%script\nint twice(int n) {\n    return n * 2;\n}\nint quad(int n) {\n    return twice(twice(n));\n}").ok();
        assertEquals(12, java("quad(3)"));
        assertEquals(7, java("twice(3) + 1"));
    }

    @Test
    void aCallOnTheMagicLineSpecializesAndTimesAgainstTheEagerJava() {
        Sessions.Run run = cell("%%script g(sx, 4) --runs 5\n" + LOOP.substring("%%script\n".length())).ok();
        String html = run.html();
        assertTrue(html.contains("<table class=\"timing\"") && html.contains("eager cell") && html.contains("compiled call"), html);
        assertTrue(html.contains("Float(4)"), "IR specialized to the call's shapes");
        assertTrue(html.contains("compile (whole cell)"), html);
    }

    @Test
    void classesAreUsableWithNewAndScriptableWithoutTheirSource() {
        Sessions.Run run = cell("%%script\nclass TinyNet extends Module {\n    Linear fc = new Linear(4, 2);\n"
                + "    public Tensor forward(Tensor x) {\n        return fc.forward(x).relu();\n    }\n}").ok();
        assertTrue(run.text().contains("TinyNet"), run.text());
        Object sm = java("Jit.script(new TinyNet())");
        assertInstanceOf(ScriptModule.class, sm);
        assertTrue(((ScriptModule) sm).graph().toString().contains("tensor::relu"), sm.toString());
        Object net = java("TinyNet net1 = new TinyNet(); Jit.script(net1).forward(sx).detach().toString().equals(net1.forward(sx).detach().toString())");
        assertEquals(true, net);
    }

    @Test
    void compileErrorsPointAtTheCellLineAndColumnWithACaret() {
        Sessions.shared().setCellName("cell[7]");
        try {
            MagicException e = cell("%%script\nTensor bad(Tensor x) {\n    Object o = x;\n    return x;\n}").error();
            assertEquals("ScriptCompileError", e.ename());
            String msg = e.getMessage();
            assertTrue(msg.startsWith("Script compile error at cell [7], line 3, column "), msg);
            String[] lines = msg.split("\n");
            assertEquals("        Object o = x;", lines[1], msg);
            assertTrue(lines[2].matches(" *\\^+"), msg);
        } finally {
            Sessions.shared().setCellName("cell");
        }
        MagicException e = cell("%%script nothere(sx)\nTensor h(Tensor x) {\n    return x;\n}").error();
        assertTrue(e.getMessage().contains("no function nothere"), e.getMessage());
    }
}
