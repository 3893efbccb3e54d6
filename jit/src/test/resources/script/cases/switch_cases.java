// switch on an int and on a String.
static Tensor f(Tensor x, int mode) {
    String name;
    switch (mode % 4) {
        case 0:
            name = "relu";
            break;
        case 1:
        case 2:
            name = "tanh";
            break;
        default:
            name = "neg";
    }
    switch (name) {
        case "relu": return x.relu();
        case "tanh": return x.tanh();
        default: return x.neg();
    }
}
