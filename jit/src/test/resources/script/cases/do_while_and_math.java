// do/while runs at least once; Math on numbers.
static double f(double x, int n) {
    double y = x;
    int k = 0;
    do {
        y = Math.sqrt(Math.abs(y) + 1.0) + Math.max(k, 1);
        k++;
    } while (k < n);
    return Math.floor(y * 100) / 100;
}
