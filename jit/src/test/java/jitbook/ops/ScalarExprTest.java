package jitbook.ops;

import static jitbook.ops.ScalarExpr.A;
import static jitbook.ops.ScalarExpr.B;
import static jitbook.ops.ScalarExpr.C;
import static jitbook.ops.ScalarExpr.call;
import static jitbook.ops.ScalarExpr.compare;
import static jitbook.ops.ScalarExpr.constant;
import static jitbook.ops.ScalarExpr.mul;
import static jitbook.ops.ScalarExpr.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The structure fused-kernel generators read from an op's expression. */
class ScalarExprTest {
    @Test
    void arityTextAndCalls() {
        ScalarExpr leaky = select(compare(ScalarExpr.Kind.GT, A, constant(0)), A, mul(A, B));
        assertEquals(2, leaky.arity());
        assertEquals("((a > 0) ? a : (a * b))", leaky.toString());
        ScalarExpr clamp = call(MathFunction.MIN, C, call(MathFunction.MAX, B, A));
        assertEquals(3, clamp.arity());
        assertEquals("min(c, max(b, a))", clamp.toString());
        assertTrue(clamp.calls(MathFunction::vectorizes));
        assertFalse(clamp.calls(MathFunction::isFloatPolynomial));
        assertEquals(MathFunction.EXP, call(MathFunction.EXP, A).unaryCallOfA());
        assertNull(call(MathFunction.EXP, B).unaryCallOfA());
        assertNull(clamp.unaryCallOfA());
    }

    @Test
    void malformedExpressionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> call(MathFunction.POW, A));
        assertThrows(IllegalArgumentException.class, () -> select(A, B, C));
        assertThrows(IllegalArgumentException.class, () -> compare(ScalarExpr.Kind.ADD, A, B));
    }

    @Test
    void everyFusedExpressionReadsOnlyItsOpsOperands() {
        for (OpDef d : OpRegistry.global().all()) {
            if (d.fusedExpression() == null) continue;
            assertTrue(d.has(OpTrait.ELEMENTWISE), d.name());
            assertTrue(d.fusedExpression().arity() <= d.schema().arity(), d.name() + ": " + d.fusedExpression());
        }
    }
}
