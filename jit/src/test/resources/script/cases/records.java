// A record as a named tuple: built, returned, read by accessors.
record Stats(double mean, double spread) {}

static double f(Tensor x) {
    Stats s = summarize(x);
    return s.mean() + 2 * s.spread();
}

static Stats summarize(Tensor x) {
    double m = x.mean().item();
    double v = x.sub(m).pow(2.0).mean().item();
    return new Stats(m, Math.sqrt(v));
}
