package jitbook.examples.spark;

import java.nio.file.Path;
import java.util.Random;

import jitbook.jit.Jit;
import jitbook.nn.Linear;
import jitbook.nn.ReLU;
import jitbook.nn.Sequential;
import jitbook.nn.Sigmoid;
import jitbook.tensor.Tensors;

/** The model and rows the Spark test and benchmark score: a traced MLP saved as a .jbm, and seeded random features. */
final class SparkModels {
    private SparkModels() {
    }

    /** Saves an MLP {@code features -> hidden -> hidden -> outputs} (ReLU, sigmoid output) to {@code file}. */
    static Path saveMlp(Path file, int features, int hidden, int outputs) throws Exception {
        Tensors.manualSeed(42);
        Sequential mlp = new Sequential(new Linear(features, hidden), new ReLU(), new Linear(hidden, hidden), new ReLU(),
                new Linear(hidden, outputs), new Sigmoid());
        mlp.eval();
        Jit.save(Jit.trace(mlp, Tensors.randn(8, features)), file);
        return file;
    }

    static float[][] rows(int n, int features, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][features];
        for (float[] row : rows) {
            for (int i = 0; i < features; i++) row[i] = (float) r.nextGaussian();
        }
        return rows;
    }
}
