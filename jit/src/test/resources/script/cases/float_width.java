// float is 32-bit: the same rounding as Java.
static double f(double x) {
    float small = (float) x;
    float third = small / 3.0f;
    double back = third * 3.0;
    return back - x;
}
