package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated from the registry: every op runs on its samples and is compared with its oracle;
 * the shape rule's prediction must equal the kernel result's dtype and shape; the shape rule
 * must also survive arguments whose values are not known; inputs must not be modified.
 */
class OpKernelTest {
    @TestFactory
    Stream<DynamicNode> everyOpAgainstItsOracle() {
        Map<String, List<OpSamples.Sample>> samples = OpSamples.all();
        return OpRegistry.global().all().stream().map(op -> {
            List<OpSamples.Sample> ss = samples.get(op.name());
            if (ss == null || ss.isEmpty()) {
                return DynamicTest.dynamicTest(op.name() + " has samples", () -> fail(op.name() + " has no samples in OpSamples"));
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (OpSamples.Sample s : ss) {
                tests.add(DynamicTest.dynamicTest(s.label().isEmpty() ? "sample" : s.label(), () -> runSample(op, s)));
            }
            return DynamicContainer.dynamicContainer(op.name(), tests);
        });
    }

    private static void runSample(OpDef op, OpSamples.Sample s) {
        Object[] args = s.args();
        List<Object> before = snapshot(args);
        Object result = op.run(args.clone());
        s.check().verify(args, result);
        assertEquals(before.size(), snapshot(args).size());
        List<Object> after = snapshot(args);
        for (int i = 0; i < before.size(); i++) Ref.assertMatches(before.get(i), after.get(i), op.name() + " modified input " + i);
        if (op.shapeRule() != null) {
            TensorSpec predicted = op.shapeRule().infer(specs(args, false));
            assertEquals(TensorSpec.of((NdArray) result), predicted, op.name() + " shape rule");
            // With no values known, the rule may know less but must not fail.
            TensorSpec vague = op.shapeRule().infer(specs(args, true));
            assertTrue(vague != null && vague.dtype != null, op.name() + " shape rule with unknown arguments");
            if (vague.hasShape()) {
                assertEquals(TensorSpec.of((NdArray) result).shape.length, vague.shape.length, op.name() + " rank with unknown arguments");
            }
        }
    }

    private static List<Object> snapshot(Object[] args) {
        List<Object> out = new ArrayList<>();
        for (Object a : args) {
            if (a instanceof NdArray) out.add(((NdArray) a).copy());
            if (a instanceof List) for (Object e : (List<?>) a) if (e instanceof NdArray) out.add(((NdArray) e).copy());
        }
        return out;
    }

    /** Tensors to specs; with {@code unknown}, scalars become Unknowns and tensor shapes unknown. */
    static Object[] specs(Object[] args, boolean unknown) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) out[i] = spec(args[i], unknown);
        return out;
    }

    private static Object spec(Object a, boolean unknown) {
        if (a instanceof NdArray) {
            NdArray x = (NdArray) a;
            return unknown ? TensorSpec.unknownShape(x.dtype()) : TensorSpec.of(x);
        }
        if (a instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object e : (List<?>) a) l.add(spec(e, unknown));
            return l;
        }
        if (!unknown || a == null) return a;
        if (a instanceof Long) return ShapeRule.UNKNOWN_INT;
        if (a instanceof Double) return ShapeRule.UNKNOWN_FLOAT;
        if (a instanceof Boolean) return ShapeRule.UNKNOWN_BOOL;
        return ShapeRule.UNKNOWN;
    }

    @Test
    void everySampleNamesARegisteredOp() {
        for (String name : OpSamples.all().keySet()) {
            assertTrue(OpRegistry.global().contains(name), "samples for unknown op " + name);
        }
    }

    @Test
    void omittedDefaultsAreFilledFromTheSchema() {
        OpDef sum = OpRegistry.global().get("tensor::sum");
        Object[] full = ArrayGradContext.withDefaults(sum, new Object[] {Ref.f32(2)});
        assertEquals(3, full.length);
        assertEquals(null, full[1]);
        assertEquals(false, full[2]);
        Object[] ar = ArrayGradContext.withDefaults(OpRegistry.global().get("tensor::arange"), new Object[] {0L, 3L});
        assertEquals(1L, ar[2], "arange's step default stays an int");
    }
}
