// A user-defined final class: fields set in the constructor, methods, objects created in compiled code.
static final class Accumulator {
    Tensor total;
    int count;

    Accumulator(Tensor start) {
        this.total = start;
        this.count = 0;
    }

    void add(Tensor t) {
        total = total.add(t);
        count = count + 1;
    }

    Tensor mean() {
        return count == 0 ? total : total.div(count);
    }
}

static Tensor f(Tensor x, int n) {
    Accumulator acc = new Accumulator(x.mul(0.0));
    for (int i = 0; i < n; i++) {
        acc.add(x.mul(i));
    }
    return acc.mean();
}
