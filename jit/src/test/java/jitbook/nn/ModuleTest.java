package jitbook.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.ops.DType;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class ModuleTest {
    /** A user-defined model: two layers and a list of blocks, with a constant buffer. */
    static final class TwoLayer extends Module {
        final Linear fc1 = new Linear(3, 4);
        final Tensor scale = Tensors.ones(4);
        final List<Module> blocks = List.of(new Linear(4, 4), new Tanh(), new Linear(4, 4, false));
        final Linear fc2 = new Linear(4, 2);

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = fc1.forward(x).relu().mul(scale);
            for (Module b : blocks) h = b.forward(h);
            return fc2.forward(h);
        }
    }

    @Test
    void parametersAreFoundInDeclarationOrderWithDottedNames() {
        TwoLayer m = new TwoLayer();
        assertEquals(List.of("fc1.weight", "fc1.bias", "blocks.0.weight", "blocks.0.bias", "blocks.2.weight",
                "fc2.weight", "fc2.bias"), List.copyOf(m.namedParameters().keySet()));
        assertSame(m.fc1.weight, m.parameters().get(0));
        assertEquals(3 * 4 + 4 + 16 + 4 + 16 + 4 * 2 + 2, m.parameterCount());
    }

    @Test
    void tensorFieldsThatDoNotRequireGradAreBuffersNotParameters() {
        TwoLayer m = new TwoLayer();
        assertEquals(List.of("scale"), List.copyOf(m.namedBuffers().keySet()));
    }

    @Test
    void childrenIncludeModulesInsideListFields() {
        TwoLayer m = new TwoLayer();
        assertEquals(List.of("fc1", "blocks.0", "blocks.1", "blocks.2", "fc2"), List.copyOf(m.namedChildren().keySet()));
    }

    @Test
    void sequentialNamesChildrenByPositionAsPyTorchDoes() {
        Sequential s = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(3, s.size());
    }

    @Test
    void sequentialAppliesItsLayersInOrder() {
        Tensors.manualSeed(0);
        Linear a = new Linear(2, 3);
        Linear b = new Linear(3, 1);
        Sequential s = new Sequential(a, new ReLU(), b);
        Tensor x = Tensors.tensor(new float[][] {{1, -2}});
        assertArrayEquals(b.forward(a.forward(x).relu()).toFloatArray(), s.forward(x).toFloatArray());
    }

    @Test
    void evalAndTrainReachEverySubmodule() {
        TwoLayer m = new TwoLayer();
        m.eval();
        assertFalse(m.isTraining());
        assertFalse(m.fc1.isTraining());
        assertFalse(m.blocks.get(1).isTraining());
        m.train();
        assertTrue(m.blocks.get(2).isTraining());
    }

    @Test
    void zeroGradClearsEveryParametersGradient() {
        TwoLayer m = new TwoLayer();
        m.forward(Tensors.ones(2, 3)).sum().backward();
        assertNotNull(m.fc1.weight.grad());
        m.zeroGrad();
        for (Tensor p : m.parameters()) assertNull(p.grad());
    }

    @Test
    void toConvertsEveryTensorFieldAndKeepsWhichAreParameters() {
        TwoLayer m = new TwoLayer();
        float[] before = m.fc1.weight.toFloatArray();
        m.to(DType.FLOAT64);
        for (Tensor p : m.parameters()) {
            assertEquals(DType.FLOAT64, p.dtype());
            assertTrue(p.requiresGrad() && p.isLeaf());
        }
        assertEquals(DType.FLOAT64, m.scale.dtype());
        assertEquals(7, m.parameters().size());
        assertEquals(before[0], m.fc1.weight.toDoubleArray()[0], 0.0);
        assertEquals(DType.FLOAT64, m.forward(Tensors.ones(new long[] {1, 3}, DType.FLOAT64)).dtype());
    }

    @Test
    void aModuleCalledWithTheWrongNumberOfInputsSaysSo() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new Linear(2, 2).forward(Tensors.ones(2), Tensors.ones(2)));
        assertTrue(e.getMessage().contains("Linear does not take 2 inputs"), e.getMessage());
    }

    @Test
    void printingShowsTheTreeOfModules() {
        Sequential s = new Sequential(new Linear(2, 3), new ReLU());
        assertEquals("Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)", s.toString());
    }
}
