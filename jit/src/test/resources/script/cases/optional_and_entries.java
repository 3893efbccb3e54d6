// Nullable values narrowed by null checks, and iteration over map entries.
static Tensor f(Tensor x, int n) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("a", n);
    counts.put("b", n * 2);
    Tensor best = null;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
        Tensor candidate = x.mul(e.getValue());
        if (best == null || candidate.sum().item() > best.sum().item()) {
            best = candidate;
        }
    }
    if (best != null) {
        return best.add(1.0);
    }
    return x;
}
