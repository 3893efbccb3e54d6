package jitbook.ops;

/** Ops of this family; see the registry test for what each must provide. */
final class ReduceOps {
    private ReduceOps() {
    }

    static void register(OpRegistry r) {
    }
}
