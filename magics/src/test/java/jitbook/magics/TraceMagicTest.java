package jitbook.magics;

import static jitbook.magics.Sessions.cell;
import static jitbook.magics.Sessions.java;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;

/** %%trace against a real JShell session: binding, attributes, warnings, options, errors. */
class TraceMagicTest {
    @BeforeAll
    static void inputs() {
        java("Tensor tx = Tensors.tensor(new float[] {1, -2, 3, -4});\nTensor tw = Tensors.tensor(new float[] {0.5f, 0.5f, 2, 2});\n"
                + "Tensor tb = Tensors.tensor(new float[] {1, 1, 1, 1}).requiresGrad(true);\n"
                + "Tensor tx2 = Tensors.tensor(new float[] {5, 6, 7, 8, 9, 10});");
    }

    @Test
    void tracesBindsAndRendersIrPassesWarningsAndTiming() {
        Sessions.Run run = cell("%%trace f(tx, tw) --runs 5\nTensor h = tx.mul(tw).add(1.0);\nh.mul(1.0).tanh()").ok();
        String html = run.html();
        assertTrue(html.contains("<font class=\"op\" color=\"#0b5fa5\">tensor::tanh</font>"), "IR with op names highlighted");
        assertTrue(html.contains("%tx"), "inputs keep their session names");
        assertTrue(html.contains("as recorded"));
        assertTrue(html.contains("class=\"pass changed\"") && html.contains("<b>peephole</b> changed the graph"), "changed pass open with its name");
        assertTrue(html.contains("class=\"pass unchanged\"") && html.contains("changed nothing: inline, constprop"), "unchanged passes folded, named");
        assertTrue(html.contains("<font class=\"del\" color=\"#82071e\">- ") && html.contains("<font class=\"add\" color=\"#116329\">+ "), "diff lines");
        assertTrue(html.contains("Optimized IR") && html.contains("prim::FusionGroup"));
        assertTrue(html.contains("<table class=\"timing\"") && html.contains("eager cell") && html.contains("compiled call")
                && html.contains("speedup") && html.contains("median"), "timing table");
        assertTrue(html.contains("trace: ") && html.contains("optimize for these inputs"), "compile time");
        String text = run.text();
        assertTrue(text.contains("-- IR as recorded:") && text.contains("-- timing:") && text.contains("== peephole"), text);
        assertTrue(text.contains("eager cell         5"), "runs as asked:\n" + text);

        assertInstanceOf(ScriptFunction.class, java("f"));
        Tensor out = (Tensor) java("f.call(tx, tw)");
        Tensor expected = (Tensor) java("tx.mul(tw).add(1.0).tanh()");
        assertEquals(expected.toString(), out.toString());
    }

    @Test
    void sessionTensorsTheCellReadsBecomeAttributesNotConstants() {
        Sessions.Run run = cell("%%trace lin(tx)\nreturn tx.mul(tb).add(tw);").ok();
        Object m = java("lin");
        assertInstanceOf(ScriptModule.class, m);
        ScriptModule sm = (ScriptModule) m;
        assertTrue(sm.attributes().containsKey("tb") && sm.attributes().containsKey("tw"), sm.attributes().toString());
        assertTrue(sm.attribute("tb") == java("tb"), "the very tensor object, so training updates it");
        assertTrue(sm.graph().toString().contains("prim::GetAttr[name=\"tb\"]"), sm.graph().toString());
        assertEquals(1, sm.parameters().size(), "tb requires grad: a parameter; tw a buffer");
        assertTrue(run.html().contains("attributes") && run.html().contains("tb, tw"));
        // Frozen and called like any module.
        assertInstanceOf(ScriptModule.class, java("Jit.freeze(lin.eval())"));
        assertEquals(java("tx.mul(tb).add(tw).detach()").toString(), java("lin.forward(tx).detach()").toString());
    }

    @Test
    void tracerWarningsNameTheCellLine() {
        Sessions.Run run = cell("%%trace w1(tx)\nTensor s = tx.sum();\ndouble k = s.item();\ntx.mul(k)").ok();
        String html = run.html();
        assertTrue(html.contains("TracerWarning") && html.contains("at cell line 3") && html.contains("double k = s.item();"), html);
        assertTrue(run.text().contains("TracerWarning at cell line 3: double k = s.item();"), run.text());
    }

    @Test
    void strictTurnsWarningsIntoErrorsWithTheCellLine() {
        MagicException e = cell("%%trace w2(tx) --strict\n\nTensor s = tx.sum();\ndouble k = s.item();\ntx.mul(k)").error();
        assertTrue(e.getMessage().contains("--strict") && e.getMessage().contains("cell line 4") && e.getMessage().contains("s.item()"), e.getMessage());
    }

    @Test
    void checkInputsRetraceAndReportDivergence() {
        Sessions.Run ok = cell("%%trace c1(tx) --check tx2 --runs 3\ntx.mul(2.0).relu()").ok();
        assertTrue(ok.html().contains("re-traced with 1 other input set"), ok.html());
        MagicException e = cell("%%trace c2(tx) --check tx2 --runs 3\nTensor y = tx;\nfor (int i = 0; i < tx.size(0); i++) y = y.mul(2.0);\ny").error();
        assertTrue(e.getMessage().contains("--check") && e.getMessage().contains("different graph"), e.getMessage());
    }

    @Test
    void noOptSkipsTheOptimizerAndTimesTheGraphAsRecorded() {
        Sessions.Run run = cell("%%trace n1(tx) --no-opt --runs 3\ntx.add(1.0).neg()").ok();
        assertFalse(run.html().contains("Optimizer"), "no optimizer section");
        assertTrue(run.html().contains("compiled (unoptimized)"), run.html());
    }

    @Test
    void tracedFunctionsAreCallableFromLaterScripts() {
        cell("%%trace sq(tx) --runs 2\ntx.mul(tx)").ok();
        cell("%%script\nTensor useSq(Tensor a) {\n    return sq(a).add(1.0);\n}").ok();
        assertEquals(java("tx.mul(tx).add(1.0)").toString(), java("useSq(tx)").toString());
    }

    @Test
    void badMagicLinesAreClearErrors() {
        MagicException e = cell("%%trace f(tz)\ntz.neg()").error();
        assertEquals("NameError", e.ename());
        assertTrue(e.getMessage().contains("tz") && e.getMessage().contains("did you mean"), e.getMessage());
        e = cell("%%trace\ntx.neg()").error();
        assertEquals("UsageError", e.ename());
        assertTrue(e.getMessage().contains("missing argument") && e.getMessage().contains("usage: %%trace"), e.getMessage());
        e = cell("%%trace f(tx) --stirct\ntx.neg()").error();
        assertTrue(e.getMessage().contains("unknown option --stirct") && e.getMessage().contains("did you mean --strict"), e.getMessage());
        e = cell("%%trace f(tx) --runs many\ntx.neg()").error();
        assertTrue(e.getMessage().contains("--runs needs a whole number"), e.getMessage());
        e = cell("%%trace f(tx)\nint q = 3;").error();
        assertTrue(e.getMessage().contains("must end with an expression"), e.getMessage());
        e = cell("%%trace bad(tx)\nTensor y = tx.neg();\nif (y != null) throw new IllegalStateException(\"boom\");\ny").error();
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        // The session survives all of it.
        assertEquals(2, java("1 + 1"));
    }
}
