package jitbook.io;

/**
 * How {@code Jit.load} reads a file: for inference (the default) or for training, and the limits
 * that keep a hostile file from exhausting memory. Immutable; each method returns new options.
 *
 * <p>For inference the module comes back in eval mode with no parameter requiring grad, so calls
 * take the no-grad path without the caller remembering {@code GradMode.disabled()} (what a
 * PyTorch service gets from {@code eval()} and {@code inference_mode()}). For training the module
 * keeps the training flags and {@code requires_grad} marks it was saved with.
 *
 * <p>The limits are checked against the zip directory and the manifest before anything is
 * inflated, and again on the bytes actually read: {@link #maxTotalBytes} bounds the sum of all
 * entries, {@link #maxCompressionRatio} bounds how much larger than its compressed size an entry
 * may inflate (Jitbook stores entries uncompressed; a deflated entry a thousand times smaller than
 * its content is a zip bomb).
 */
public final class LoadOptions {
    /** 2 GiB: the largest single tensor a Java array holds; models here are far smaller. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 2L << 30;
    /** Tensors of real weights deflate to 1.1x at best; 100x is only reached by runs of one byte. */
    public static final double DEFAULT_MAX_COMPRESSION_RATIO = 100;

    private final boolean training;
    private final long maxTotalBytes;
    private final double maxCompressionRatio;

    private LoadOptions(boolean training, long maxTotalBytes, double maxCompressionRatio) {
        this.training = training;
        this.maxTotalBytes = maxTotalBytes;
        this.maxCompressionRatio = maxCompressionRatio;
    }

    /** Eval mode, no parameter requires grad, default limits. */
    public static LoadOptions inference() {
        return new LoadOptions(false, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_COMPRESSION_RATIO);
    }

    /** The training flags and requires_grad marks as saved, default limits: to go on training a loaded module. */
    public static LoadOptions training() {
        return new LoadOptions(true, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_COMPRESSION_RATIO);
    }

    /** Refuses files whose entries add up to more than {@code bytes} once inflated. */
    public LoadOptions maxTotalBytes(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("maxTotalBytes must be positive, got " + bytes);
        return new LoadOptions(training, bytes, maxCompressionRatio);
    }

    /** Refuses entries that inflate to more than {@code ratio} times their compressed size (checked past 1 MiB). */
    public LoadOptions maxCompressionRatio(double ratio) {
        if (!(ratio >= 1)) throw new IllegalArgumentException("maxCompressionRatio must be at least 1, got " + ratio);
        return new LoadOptions(training, maxTotalBytes, ratio);
    }

    public boolean forTraining() {
        return training;
    }

    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    public double maxCompressionRatio() {
        return maxCompressionRatio;
    }
}
