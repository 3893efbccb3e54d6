package jitbook.ops;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated from the registry: every tensor op's samples, with one argument at a time replaced by
 * a wrong value (another rank, dtype or size, an out-of-range int, an empty list), must either
 * work or fail with an {@link OpException}, in the kernel and (for values of the parameter's
 * kind) in the shape rule alike; never
 * with an ArrayIndexOutOfBoundsException, a ClassCastException or a native crash.
 */
class OpFuzzTest {
    private static List<Object> replacements(Object v) {
        List<Object> out = new ArrayList<>();
        if (v instanceof NdArray) {
            out.add(Ref.f32());
            out.add(Ref.f32(5));
            out.add(Ref.f32(1, 7, 2, 3));
            out.add(Ref.longs(Ref.s(2, 2), 99, -99, 0, 1));
            out.add(Ref.bools(3));
            out.add(Ref.f64(0, 3));
        } else if (v instanceof Long) {
            out.add(99L);
            out.add(-99L);
        } else if (v instanceof long[]) {
            out.add(Ref.s(99));
            out.add(Ref.s(-5, 3));
            out.add(Ref.s());
            out.add(Ref.s(0, 1, 2, 3, 4));
        } else if (v instanceof Double) {
            out.add(-1.0);
            out.add(Double.NaN);
        } else if (v instanceof List) {
            out.add(new ArrayList<>());
            out.add(Ref.list(Ref.f32(9, 9, 9)));
        } else if (v == null) {
            out.add(Ref.f32(2));
        } else if (v instanceof String) {
            out.add("Nope");
        }
        out.add("a string");
        return out;
    }

    private static boolean sameKind(Object a, Object b) {
        return a != null && b != null && (a.getClass() == b.getClass() || (a instanceof List && b instanceof List));
    }

    @TestFactory
    Stream<DynamicTest> badArgumentsFailWithOpException() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OpDef op : OpRegistry.global().all()) {
            if (!op.name().startsWith("tensor::")) continue;
            tests.add(DynamicTest.dynamicTest(op.name(), () -> {
                for (OpSamples.Sample s : OpSamples.all().getOrDefault(op.name(), List.of())) {
                    for (int i = 0; i < s.args().length; i++) {
                        for (Object bad : replacements(s.args()[i])) {
                            Object[] args = s.args().clone();
                            args[i] = bad;
                            String what = op.name() + " [" + s.label() + "] with argument " + i + " = " + Args.describe(bad);
                            try {
                                op.run(args);
                            } catch (OpException e) {
                                // expected
                            } catch (Throwable t) {
                                fail(what + ": kernel threw " + t, t);
                            }
                            // Shape rules get arguments of the schema's kinds (the IR verifier sees to that),
                            // so they are fuzzed with values of the right kind only.
                            if (op.shapeRule() != null && sameKind(s.args()[i], bad)) {
                                try {
                                    op.shapeRule().infer(OpKernelTest.specs(args, false));
                                } catch (OpException e) {
                                    // expected
                                } catch (Throwable t) {
                                    fail(what + ": shape rule threw " + t, t);
                                }
                            }
                        }
                    }
                }
            }));
        }
        return tests.stream();
    }
}
