// ?: and short-circuit logic; the right side is evaluated only when needed.
static Tensor f(Tensor x, int k, boolean flag) {
    boolean safe = k != 0 && 10 / k > 2;
    boolean either = flag || x.max().item() > 0.5;
    Tensor y = safe ? x.relu() : x.sigmoid();
    return either ? y.add(1.0) : y.sub(1.0);
}
