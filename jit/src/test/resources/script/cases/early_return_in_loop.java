// return from inside a loop: the first index whose running sum passes a limit.
static int f(Tensor x, double limit) {
    double total = 0;
    for (int i = 0; i < x.size(0); i++) {
        total += x.get(i).item();
        if (total > limit) {
            return i;
        }
    }
    return -1;
}
