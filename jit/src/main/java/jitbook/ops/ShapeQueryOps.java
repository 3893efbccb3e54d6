package jitbook.ops;

import static jitbook.ops.OpTrait.PURE;
import static jitbook.ops.OpTrait.SCALAR;

/** Questions about a tensor's shape that scripted code asks ({@code x.dim()}). */
final class ShapeQueryOps {
    private ShapeQueryOps() {
    }

    static void register(OpRegistry r) {
        OpDef.builder("tensor::dim", "dim(Tensor self) -> int")
                .kernel(a -> (long) Args.array("tensor::dim", a, 0).rank())
                .notDifferentiable("an integer result")
                .traits(PURE, SCALAR)
                .doc("The number of dimensions.").register(r);
    }
}
