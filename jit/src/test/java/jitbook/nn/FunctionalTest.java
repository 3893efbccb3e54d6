package jitbook.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import jitbook.tensor.GradCheck;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class FunctionalTest {
    @Test
    void mseLossIsTheMeanOfSquaredDifferences() {
        Tensor a = Tensors.tensor(1.0, 2.0, 4.0);
        Tensor b = Tensors.tensor(1.0, 0.0, 1.0);
        assertEquals((0 + 4 + 9) / 3.0, F.mseLoss(a, b).item(), 1e-12);
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheTargetClass() {
        Tensor logits = Tensors.tensor(new double[][] {{2, 0, -1}, {0.5, 0.5, 3}});
        Tensor target = Tensors.tensor(0L, 2L);
        double[] ls = F.logSoftmax(logits, 1).toDoubleArray();
        assertEquals(-(ls[0] + ls[5]) / 2, F.crossEntropy(logits, target).item(), 1e-12);
    }

    @Test
    void lossesHaveCorrectGradients() {
        Tensor x = Tensors.randn(3, 4);
        Tensor y = Tensors.randn(3, 4);
        GradCheck.assertGradients(in -> F.mseLoss(in[0].tanh(), in[1]), x, y);
        GradCheck.assertGradients(in -> F.crossEntropy(in[0], in[1]), x, Tensors.tensor(3L, 0L, 1L));
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor p = F.softmax(Tensors.tensor(new float[][] {{1, 2, 3}, {-5, 0, 5}}), 1);
        float[] v = p.toFloatArray();
        assertEquals(1, v[0] + v[1] + v[2], 1e-6);
        assertEquals(1, v[3] + v[4] + v[5], 1e-6);
    }

    @Test
    void dropoutWithPZeroOrOutsideTrainingReturnsItsInput() {
        Tensor x = Tensors.ones(3);
        assertArrayEquals(x.toFloatArray(), F.dropout(x, 0.0, true).toFloatArray());
        assertEquals(x, F.dropout(x, 0.9, false));
        assertThrows(IllegalArgumentException.class, () -> F.dropout(x, 1.5, true));
    }
}
