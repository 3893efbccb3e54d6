// Tensor methods bound to registry ops: reductions, shape ops, matmul, comparisons.
static Tensor f(Tensor x) {
    Tensor m = x.reshape(2, 2);
    Tensor p = m.matmul(m.t()).softmax(1);
    Tensor mask = p.gt(0.3);
    Tensor picked = p.where(mask, 0.0);
    return picked.sum(0).add(m.mean(1)).unsqueeze(0).flatten();
}
