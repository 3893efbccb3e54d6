package jitbook.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** Issue 24, item 11: the module API means what its TorchScript counterpart means. */
class ModuleApiMeaningTest {
    @Test
    void getAttrGivesTheTensorNotItsStorage() {
        Linear lin = new Linear(3, 2);
        ScriptModule m = Jit.script(lin);
        Object w = m.getAttr("weight");
        assertInstanceOf(Tensor.class, w);
        assertSame(m.attribute("weight"), w);
        assertEquals(true, m.getAttr("training"));
    }

    @Test
    void freezeRefusesATrainingModuleAndDropsTheFoldedParameters() {
        Sequential net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
        Tensor x = Tensors.randn(3, 4);
        ScriptModule traced = Jit.trace(net, x);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Jit.freeze(traced));
        assertTrue(e.getMessage().contains("eval mode"), e.getMessage());
        traced.eval();
        assertEquals(4, traced.namedParameters().size());
        ScriptModule frozen = Jit.freeze(traced);
        assertEquals(0, frozen.namedParameters().size(), frozen.namedParameters().keySet().toString());
        assertArrayEquals(traced.forward(x).toFloatArray(), frozen.forward(x).toFloatArray(), 1e-6f);
    }

    @Test
    void toIndArrayInsideATraceWarns() {
        ScriptFunction f = Jit.trace(t -> {
            double first = t.toINDArray().getDouble(0);
            return t.mul(first);
        }, Tensors.tensor(2f, 3f));
        assertEquals(1, f.warnings().size(), f.warnings().toString());
        assertEquals("toINDArray()", f.warnings().get(0).how());
    }
}
