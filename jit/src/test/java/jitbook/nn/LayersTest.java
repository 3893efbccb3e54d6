package jitbook.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

class LayersTest {
    @Test
    void linearStartsUniformWithinOneOverSqrtOfItsInputs() {
        Tensors.manualSeed(1);
        Linear l = new Linear(16, 32);
        assertArrayEquals(new long[] {32, 16}, l.weight.shape());
        assertArrayEquals(new long[] {32}, l.bias.shape());
        double bound = 0.25;
        double max = 0;
        for (float w : l.weight.toFloatArray()) {
            assertTrue(Math.abs(w) <= bound, "weight " + w + " outside +-" + bound);
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max > 0.9 * bound, "weights should spread over the whole range, max |w| = " + max);
    }

    @Test
    void linearComputesXTimesWeightTransposedPlusBias() {
        Linear l = new Linear(2, 1);
        l.weight = Tensors.tensor(new float[][] {{2, 3}}).requiresGrad(true);
        l.bias = Tensors.tensor(1f).requiresGrad(true);
        Tensor y = l.forward(Tensors.tensor(new float[][] {{1, 1}, {2, -1}}));
        assertArrayEquals(new long[] {2, 1}, y.shape());
        assertArrayEquals(new float[] {6, 2}, y.toFloatArray());
    }

    @Test
    void linearWithoutBiasHasOnlyAWeight() {
        Linear l = new Linear(3, 2, false);
        assertNull(l.bias);
        assertEquals(1, l.parameters().size());
    }

    @Test
    void dropoutIsTheIdentityInEvalMode() {
        Dropout d = new Dropout(0.5);
        d.eval();
        Tensor x = Tensors.ones(100);
        assertSame(x, d.forward(x));
    }

    @Test
    void dropoutInTrainingZeroesAboutPAndScalesTheRest() {
        Tensors.manualSeed(3);
        Tensor y = new Dropout(0.25).forward(Tensors.ones(10_000));
        int zeros = 0;
        for (float v : y.toFloatArray()) {
            if (v == 0) zeros++;
            else assertEquals(1 / 0.75f, v, 1e-6f);
        }
        assertEquals(0.25, zeros / 10_000.0, 0.02);
    }

    @Test
    void dropoutPassesGradientOnlyThroughKeptElements() {
        Tensors.manualSeed(4);
        Tensor x = Tensors.ones(1000).requiresGrad(true);
        Tensor y = F.dropout(x, 0.5, true);
        y.sum().backward();
        assertArrayEquals(y.toFloatArray(), x.grad().toFloatArray());
    }

    @Test
    void evalOnAContainerTurnsOffDropoutInside() {
        Sequential s = new Sequential(new Linear(4, 4), new Dropout(0.9));
        Tensor x = Tensors.ones(2, 4);
        s.eval();
        assertArrayEquals(s.get(0).forward(x).toFloatArray(), s.forward(x).toFloatArray());
    }

    @Test
    void embeddingLooksUpRowsByIndex() {
        Embedding e = new Embedding(5, 3);
        Tensor y = e.forward(Tensors.tensor(new long[][] {{4, 0}}));
        assertArrayEquals(new long[] {1, 2, 3}, y.shape());
        float[] w = e.weight.toFloatArray();
        float[] out = y.toFloatArray();
        for (int k = 0; k < 3; k++) {
            assertEquals(w[4 * 3 + k], out[k]);
            assertEquals(w[k], out[3 + k]);
        }
    }

    @Test
    void conv2dAndMaxPoolGiveTheShapesPyTorchGives() {
        Conv2d c = new Conv2d(3, 8, 3, 1, 1, true);
        Tensor y = c.forward(Tensors.randn(2, 3, 10, 10));
        assertArrayEquals(new long[] {2, 8, 10, 10}, y.shape());
        assertArrayEquals(new long[] {2, 8, 5, 5}, new MaxPool2d(2).forward(y).shape());
        assertArrayEquals(new long[] {2, 8, 4, 4}, new Conv2d(3, 8, 3, 2, 0, false).forward(Tensors.randn(2, 3, 10, 10)).shape());
    }

    @Test
    void conv2dWithAOneByOneKernelMixesChannels() {
        Conv2d c = new Conv2d(2, 1, 1);
        c.weight = Tensors.tensor(new float[][][][] {{{{2}}, {{-1}}}}).requiresGrad(true);
        c.bias = Tensors.tensor(0.5f).reshape(1).requiresGrad(true);
        Tensor x = Tensors.tensor(new float[][][][] {{{{1, 2}}, {{3, 4}}}});
        assertArrayEquals(new float[] {2 - 3 + 0.5f, 4 - 4 + 0.5f}, c.forward(x).toFloatArray());
    }

    @Test
    void layerNormGivesZeroMeanAndUnitVariancePerRow() {
        LayerNorm ln = new LayerNorm(4);
        Tensor y = ln.forward(Tensors.tensor(new float[][] {{1, 2, 3, 4}, {10, 10, 20, 20}}));
        float[] v = y.toFloatArray();
        for (int r = 0; r < 2; r++) {
            double mean = 0;
            double sq = 0;
            for (int k = 0; k < 4; k++) mean += v[r * 4 + k] / 4.0;
            for (int k = 0; k < 4; k++) sq += Math.pow(v[r * 4 + k] - mean, 2) / 4.0;
            assertEquals(0, mean, 1e-5);
            assertEquals(1, sq, 1e-3);
        }
    }

    @Test
    void rnnCellIsTanhOfTwoAffineMaps() {
        RNNCell cell = new RNNCell(3, 2);
        Tensor x = Tensors.randn(4, 3);
        Tensor h = Tensors.randn(4, 2);
        Tensor want = x.matmul(cell.weightIh.t()).add(cell.biasIh).add(h.matmul(cell.weightHh.t())).add(cell.biasHh).tanh();
        assertArrayEquals(want.toFloatArray(), cell.forward(x, h).toFloatArray(), 1e-5f);
        assertArrayEquals(new long[] {4, 2}, cell.forward(x).shape());
    }

    @Test
    void lstmCellCarriesHiddenAndCellState() {
        LSTMCell cell = new LSTMCell(3, 5);
        assertArrayEquals(new long[] {20, 3}, cell.weightIh.shape());
        LSTMCell.State s = cell.initialState(2);
        for (int t = 0; t < 3; t++) s = cell.forward(Tensors.randn(2, 3), s);
        assertArrayEquals(new long[] {2, 5}, s.h().shape());
        assertArrayEquals(new long[] {2, 5}, s.c().shape());
        for (float v : s.h().toFloatArray()) assertTrue(Math.abs(v) < 1, "h = o * tanh(c) is inside (-1, 1)");
    }
}
