// The pitfall that makes script mode worth having: a branch on the data.
static Tensor f(Tensor x) {
    if (x.sum().item() > 0) {
        return x.mul(2.0);
    }
    return x.neg();
}
