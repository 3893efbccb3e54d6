package jitbook.ops;

/** Ops of this family; see the registry test for what each must provide. */
final class ShapeOps {
    private ShapeOps() {
    }

    static void register(OpRegistry r) {
    }
}
