package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated from the registry: for every differentiable op, its gradient rule (evaluated with
 * registry ops through {@link ArrayGradContext}) must match central finite differences of its
 * kernel, in float64, on each sample with a floating input and a floating result (the sample
 * table includes broadcasting cases for the binary ops).
 */
class OpGradientTest {
    @TestFactory
    Stream<DynamicNode> everyGradientRuleAgainstFiniteDifferences() {
        return OpRegistry.global().all().stream().filter(OpDef::isDifferentiable).map(op -> {
            List<DynamicTest> tests = new ArrayList<>();
            int seed = 0;
            for (OpSamples.Sample s : OpSamples.all().getOrDefault(op.name(), List.of())) {
                Object[] args = ArrayGradCheck.toDouble(s.args());
                if (!s.gradCheck() || !hasFloatingTensor(args)) continue;
                Object out = op.run(ArrayGradContext.withDefaults(op, args));
                if (!(out instanceof NdArray) || !((NdArray) out).dtype().isFloating()) continue;
                long sd = ++seed;
                tests.add(DynamicTest.dynamicTest(s.label(), () -> {
                    ArrayGradCheck.Result r = ArrayGradCheck.checkOp(op, args, sd);
                    assertTrue(r.ok, r.toString());
                }));
            }
            if (tests.isEmpty()) {
                return DynamicTest.dynamicTest(op.name() + " has a gradient sample",
                        () -> fail(op.name() + " is differentiable but has no sample with a floating input and result"));
            }
            return DynamicContainer.dynamicContainer(op.name(), tests);
        });
    }

    private static boolean hasFloatingTensor(Object[] args) {
        for (Object a : args) {
            if (a instanceof NdArray && ((NdArray) a).dtype().isFloating()) return true;
            if (a instanceof List) {
                for (Object e : (List<?>) a) if (e instanceof NdArray && ((NdArray) e).dtype().isFloating()) return true;
            }
        }
        return false;
    }
}
