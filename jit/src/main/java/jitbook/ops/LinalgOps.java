package jitbook.ops;

/** Ops of this family; see the registry test for what each must provide. */
final class LinalgOps {
    private LinalgOps() {
    }

    static void register(OpRegistry r) {
    }
}
