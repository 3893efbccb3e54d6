package jitbook.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The table of sample arguments and oracles, keyed by op name, that the generated op tests and
 * gradient checks walk. Every registered op must have at least one sample (the op test fails
 * otherwise). Oracles are written independently of the kernels, with {@link Ref}.
 */
final class OpSamples {
    /** Checks an op's result for given arguments. */
    interface Check {
        void verify(Object[] args, Object result);
    }

    record Sample(String label, Object[] args, Check check, boolean gradCheck) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Map<String, List<Sample>> map = new LinkedHashMap<>();

    void add(String op, String label, Check check, Object... args) {
        map.computeIfAbsent(op, k -> new ArrayList<>()).add(new Sample(label, args, check, true));
    }

    /** A sample left out of the gradient check (e.g. evaluated at a kink). */
    void addNoGrad(String op, String label, Check check, Object... args) {
        map.computeIfAbsent(op, k -> new ArrayList<>()).add(new Sample(label, args, check, false));
    }

    static Check expect(Function<Object[], Object> oracle) {
        return (args, result) -> Ref.assertMatches(oracle.apply(args), result, "result");
    }

    /** An oracle comparison with an absolute tolerance, for kernels documented as approximations. */
    static Check expectWithin(double atol, Function<Object[], Object> oracle) {
        return (args, result) -> {
            NdArray e = (NdArray) oracle.apply(args);
            NdArray r = (NdArray) result;
            org.junit.jupiter.api.Assertions.assertEquals(e.dtype(), r.dtype());
            org.junit.jupiter.api.Assertions.assertArrayEquals(e.shape(), r.shape());
            for (int i = 0; i < e.numel(); i++) {
                org.junit.jupiter.api.Assertions.assertEquals(e.getDouble(i), r.getDouble(i), atol, "element " + i);
            }
        };
    }

    static Check value(Object expected) {
        return (args, result) -> Ref.assertMatches(expected, result, "result");
    }

    static NdArray a(Object[] args, int i) {
        return (NdArray) args[i];
    }

    private static Map<String, List<Sample>> cached;

    static synchronized Map<String, List<Sample>> all() {
        if (cached == null) {
            OpSamples s = new OpSamples();
            ElementwiseSamples.add(s);
            PointwiseSamples.add(s);
            ShapeSamples.add(s);
            ReduceSamples.add(s);
            NnSamples.add(s);
            LossSamples.add(s);
            CreationSamples.add(s);
            ScriptOpSamples.add(s);
            cached = s.map;
        }
        return cached;
    }
}
