package jitbook.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import jitbook.nn.F;
import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.tensor.GradMode;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** End to end: layers, losses, autograd and Adam together learn a problem no linear model can. */
class MlpTrainingTest {
    private static final int N = 400;

    /** Two concentric rings: class 0 inside radius 0.8, class 1 between 1.2 and 1.8. */
    private static Tensor[] rings(long seed) {
        Random r = new Random(seed);
        float[][] x = new float[N][2];
        long[] y = new long[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % 2;
            double radius = y[i] == 0 ? 0.8 * Math.sqrt(r.nextDouble()) : 1.2 + 0.6 * r.nextDouble();
            double angle = 2 * Math.PI * r.nextDouble();
            x[i][0] = (float) (radius * Math.cos(angle));
            x[i][1] = (float) (radius * Math.sin(angle));
        }
        return new Tensor[] {Tensors.tensor(x), Tensors.tensor(y)};
    }

    private static double accuracy(Sequential model, Tensor x, Tensor y) {
        try (GradMode.Scope s = GradMode.disabled()) {
            return model.forward(x).argmax(1).eq(y).sum().item() / N;
        }
    }

    @Test
    void aSmallMlpTrainedEagerlyWithAdamSeparatesTwoRings() {
        Tensors.manualSeed(2024);
        Tensor[] train = rings(1);
        Tensor[] test = rings(2);
        Sequential model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 16), new ReLU(), new Linear(16, 2));
        Adam opt = new Adam(model.parameters(), 0.02);
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int epoch = 0; epoch < 200; epoch++) {
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(model.forward(train[0]), train[1]);
            loss.backward();
            opt.step();
            lastLoss = loss.item();
            if (epoch == 0) firstLoss = lastLoss;
        }
        double acc = accuracy(model, test[0], test[1]);
        assertTrue(acc > 0.95, "held-out accuracy " + acc + " (loss " + firstLoss + " -> " + lastLoss + ")");
        assertTrue(lastLoss < firstLoss / 4, "loss " + firstLoss + " -> " + lastLoss);
    }
}
