// while with break and continue: flags guard the rest of the body.
static double f(Tensor x, int n) {
    double acc = 0.0;
    int i = 0;
    while (i < n) {
        i++;
        if (i % 3 == 0) {
            continue;
        }
        acc += x.mul(i).sum().item();
        if (acc > 50) {
            break;
        }
    }
    return acc;
}
