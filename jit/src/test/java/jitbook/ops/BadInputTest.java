package jitbook.ops;

import static jitbook.ops.Ref.f32;
import static jitbook.ops.Ref.longs;
import static jitbook.ops.Ref.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Bad inputs fail with an {@link OpException} whose message names the op and the shapes, never
 * with an ArrayIndexOutOfBoundsException or a native crash; shape rules reject them the same way.
 */
class BadInputTest {
    private static OpException fails(String op, Object... args) {
        OpException e = assertThrows(OpException.class, () -> OpRegistry.global().get(op).run(args), op);
        assertEquals(op, e.op());
        assertTrue(e.getMessage().startsWith(op + ": "), e.getMessage());
        return e;
    }

    private static void mentions(OpException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention " + p);
    }

    private static void ruleFails(String op, Object... args) {
        Object[] specs = OpKernelTest.specs(args, false);
        OpException e = assertThrows(OpException.class, () -> OpRegistry.global().get(op).shapeRule().infer(specs), op + " rule");
        assertTrue(e.getMessage().startsWith(op), e.getMessage());
    }

    @Test
    void shapeMismatch() {
        mentions(fails("tensor::add", f32(2, 3), f32(4)), "[2, 3]", "[4]");
        ruleFails("tensor::add", f32(2, 3), f32(4));
        mentions(fails("tensor::matmul", f32(2, 3), f32(4, 5)), "[2, 3]", "[4, 5]");
        ruleFails("tensor::matmul", f32(2, 3), f32(4, 5));
        mentions(fails("tensor::matmul", f32(2, 2, 3), f32(3, 3, 4)), "[2, 2, 3]", "[3, 3, 4]");
        mentions(fails("tensor::matmul", f32(3), f32()), "[3]", "[]");
        mentions(fails("tensor::cat", Ref.list(f32(2, 3), f32(2, 4)), 0L), "[2, 3]", "[2, 4]");
        mentions(fails("tensor::reshape", f32(2, 3), s(4, -1)), "[4, -1]", "[2, 3]");
        mentions(fails("tensor::reshape", f32(2, 3), s(-1, -1)), "[-1, -1]");
        mentions(fails("tensor::expand", f32(3, 2), s(3, 4)), "[3, 2]", "[3, 4]");
        mentions(fails("tensor::sum_to_size", f32(2, 3), f32(4)), "[2, 3]", "[4]");
        mentions(fails("tensor::linear", f32(2, 3), f32(4, 5), null), "[2, 3]", "[4, 5]");
        mentions(fails("tensor::conv2d", f32(1, 3, 5, 5), f32(2, 4, 3, 3), null, s(1), s(0)), "[1, 3, 5, 5]", "[2, 4, 3, 3]");
        mentions(fails("tensor::conv2d", f32(1, 3, 2, 2), f32(2, 3, 3, 3), null, s(1), s(0)), "[1, 3, 2, 2]");
        mentions(fails("tensor::max_pool2d", f32(3, 4), s(2), s(2)), "[3, 4]");
        mentions(fails("tensor::layer_norm", f32(2, 3), s(4)), "[4]", "[2, 3]");
        mentions(fails("tensor::mse_loss", f32(2, 3), f32(4)), "[2, 3]", "[4]");
        mentions(fails("tensor::cross_entropy", f32(2, 3), longs(s(3), 0, 1, 2)), "[2, 3]", "[3]");
        mentions(fails("tensor::permute", f32(2, 3), s(0, 0)), "[0, 0]");
        mentions(fails("tensor::stack", Ref.list(f32(2), f32(3))), "[2]", "[3]");
    }

    @Test
    void wrongDtype() {
        mentions(fails("tensor::mean", Ref.ints(0, 5, 2, 3)), "Long", "[2, 3]");
        ruleFails("tensor::mean", Ref.ints(0, 5, 2, 3));
        mentions(fails("tensor::var", Ref.ints(0, 5, 4)), "Long");
        mentions(fails("tensor::index_select", f32(4, 3), 0L, f32(2)), "Long");
        mentions(fails("tensor::embedding", f32(4, 3), f32(2)), "Long");
        mentions(fails("tensor::cross_entropy", f32(2, 3), f32(2)), "Long");
        mentions(fails("tensor::matmul", Ref.bools(2, 2), Ref.bools(2, 2)), "bool");
        mentions(fails("tensor::rand", s(2), "Long"), "Long");
        mentions(fails("tensor::zeros", s(2), "Int"), "Int");
        mentions(fails("tensor::conv2d", Ref.ints(0, 2, 1, 1, 3, 3), f32(1, 1, 2, 2), null, s(1), s(0)), "Long");
    }

    @Test
    void indexOutOfRange() {
        mentions(fails("tensor::select", f32(2, 3), 1L, 3L), "index 3", "[2, 3]");
        mentions(fails("tensor::select", f32(2, 3), 1L, -4L), "index -4", "[2, 3]");
        mentions(fails("tensor::select", f32(2, 3), 2L, 0L), "dimension 2");
        mentions(fails("tensor::index_select", f32(4, 3), 0L, longs(s(2), 1, 4)), "index 4", "[4, 3]");
        mentions(fails("tensor::embedding", f32(4, 3), longs(s(2), 0, 9)), "index 9", "[4, 3]");
        mentions(fails("tensor::embedding", f32(4, 3), longs(s(2), 0, -1)), "index -1", "[4, 3]");
        mentions(fails("tensor::cross_entropy", f32(2, 3), longs(s(2), 0, 3)), "class 3", "[2, 3]");
        mentions(fails("tensor::narrow", f32(4, 3), 0L, 3L, 2L), "[4, 3]");
        mentions(fails("tensor::sum", f32(2, 3), s(2)), "dimension 2");
        mentions(fails("tensor::sum", f32(2, 3), s(1, -1)), "[1, -1]");
        mentions(fails("tensor::transpose", f32(2, 3), 0L, 5L), "dimension 5");
        mentions(fails("tensor::split_like", f32(3, 3), Ref.list(f32(2, 3), f32(1, 3)), 0L, 2L), "index 2");
        mentions(fails("tensor::size", f32(2, 3), 2L), "dimension 2");
        mentions(fails("tensor::item", f32(2)), "[2]");
        mentions(fails("tensor::max", f32(0, 3), s(0)), "[0, 3]");
    }

    @Test
    void negativeSizesAndBadScalars() {
        mentions(fails("tensor::zeros", s(2, -1)), "-1", "[2, -1]");
        ruleFails("tensor::zeros", s(2, -1));
        mentions(fails("tensor::eye", -2L), "-2");
        mentions(fails("tensor::arange", 0L, 5L, 0L), "step 0");
        mentions(fails("tensor::arange", 0L, 5L, -1L), "step -1");
        mentions(fails("tensor::dropout_mask", f32(3), 1.5, true), "1.5", "[3]");
        mentions(fails("tensor::index_select", f32(3), 0L, Ref.longs(Ref.s(1), -1)), "-1", "[0, 3)");
        mentions(fails("scalar::div", 1L, 0L), "division by zero");
        mentions(fails("scalar::add", "a", 1L), "number");
        mentions(fails("tensor::add", "a", f32(2)), "tensor::add");
    }

    @Test
    void missingArguments() {
        OpException e = assertThrows(OpException.class,
                () -> ArrayGradContext.withDefaults(OpRegistry.global().get("tensor::select"), new Object[] {f32(2)}));
        mentions(e, "dim");
    }
}
