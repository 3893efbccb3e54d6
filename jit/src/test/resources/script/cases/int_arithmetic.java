// Java's int semantics: 32-bit wrap-around, truncating division and remainder, long widening.
static long f(int a, int b) {
    int big = a * 1000003 * 1000003;
    int q = b == 0 ? 0 : a / b;
    int r = b == 0 ? 0 : a % b;
    long wide = (long) a * 1000003L * 1000003L;
    return big + q + r + wide;
}
