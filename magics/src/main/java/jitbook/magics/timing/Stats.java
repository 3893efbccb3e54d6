package jitbook.magics.timing;

import java.util.Arrays;
import java.util.Locale;

/** Timings of repeated runs, in nanoseconds per call: median, spread (10th-90th percentile), mean and standard deviation. */
public final class Stats {
    private final double[] sorted;
    private final double mean;
    private final double std;

    public Stats(double[] nanosPerCall) {
        if (nanosPerCall.length == 0) throw new IllegalArgumentException("no samples");
        this.sorted = nanosPerCall.clone();
        Arrays.sort(sorted);
        double s = 0;
        for (double v : sorted) s += v;
        mean = s / sorted.length;
        double q = 0;
        for (double v : sorted) q += (v - mean) * (v - mean);
        std = sorted.length > 1 ? Math.sqrt(q / (sorted.length - 1)) : 0;
    }

    public int runs() {
        return sorted.length;
    }

    public double median() {
        return percentile(50);
    }

    public double percentile(double p) {
        double pos = (sorted.length - 1) * p / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public double mean() {
        return mean;
    }

    public double std() {
        return std;
    }

    /** A duration in the unit that suits it: ns, µs, ms or s, three significant digits. */
    public static String format(double nanos) {
        double v;
        String unit;
        if (nanos < 1e3) {
            v = nanos;
            unit = "ns";
        } else if (nanos < 1e6) {
            v = nanos / 1e3;
            unit = "µs";
        } else if (nanos < 1e9) {
            v = nanos / 1e6;
            unit = "ms";
        } else {
            v = nanos / 1e9;
            unit = "s";
        }
        String num = v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        return num + " " + unit;
    }

    @Override
    public String toString() {
        return format(median()) + " median of " + runs() + " (" + format(percentile(10)) + " .. " + format(percentile(90)) + ")";
    }
}
