// Maps keep insertion order.
static double f(Tensor x, int n) {
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("sum", x.sum().item());
    stats.put("max", x.max().item());
    if (n > 2) {
        stats.put("n", (double) n);
    }
    double total = 0;
    for (String k : stats.keySet()) {
        total = total * 2 + stats.get(k);
    }
    return stats.containsKey("n") ? total + stats.size() : total;
}
