package jitbook.ops;

import java.util.Random;

/**
 * The global random number generator behind every op with the {@link OpTrait#RANDOM} trait
 * (rand, randn, dropout_mask). {@link #manualSeed} makes a run reproducible, as
 * {@code torch.manual_seed}. Each op draws all its numbers under one lock, so that a seeded
 * sequence of ops gives the same tensors even when other threads draw in between ops.
 */
public final class Rng {
    private static Random random = new Random();

    private Rng() {
    }

    /** Restarts the global generator from a seed. */
    public static synchronized void manualSeed(long seed) {
        random = new Random(seed);
    }

    /** Fills {@code out} with uniform numbers in [0, 1). */
    static synchronized void uniform(NdArray out) {
        for (int i = 0; i < out.numel(); i++) out.setDouble(i, random.nextDouble());
    }

    /** Fills {@code out} with standard normal numbers. */
    static synchronized void normal(NdArray out) {
        for (int i = 0; i < out.numel(); i++) out.setDouble(i, random.nextGaussian());
    }

    /** Fills {@code out} with {@code scale} where a uniform draw is at least p, else 0. */
    static synchronized void bernoulliScaled(NdArray out, double p, double scale) {
        for (int i = 0; i < out.numel(); i++) out.setDouble(i, random.nextDouble() >= p ? scale : 0.0);
    }
}
