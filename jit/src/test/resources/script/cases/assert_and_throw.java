// assert and throw become prim::RaiseException on the paths that fail.
static Tensor f(Tensor x, int n) {
    assert n >= 0 : "n must be non-negative";
    if (n > 100) {
        throw new IllegalArgumentException("n is too large: " + n);
    }
    return x.mul(n);
}
