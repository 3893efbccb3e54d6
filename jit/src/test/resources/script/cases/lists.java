// Lists: built in a loop, read back, summed.
static Tensor f(Tensor x, int n) {
    List<Tensor> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
        parts.add(x.mul(i + 1));
    }
    Tensor acc = x.mul(0.0);
    for (Tensor p : parts) {
        acc = acc.add(p);
    }
    if (!parts.isEmpty()) {
        acc = acc.add(parts.get(parts.size() - 1));
    }
    return acc;
}
