// A counted loop: zero, one and many trips, with the loop-carried value as a phi.
static Tensor f(Tensor x, int n) {
    Tensor y = x;
    for (int i = 0; i < n; i++) {
        y = y.tanh().add(0.5);
    }
    return y;
}
