package jitbook.ops;

import static jitbook.ops.OpSamples.a;
import static jitbook.ops.OpSamples.expect;
import static jitbook.ops.OpSamples.value;
import static jitbook.ops.Ref.f32;
import static jitbook.ops.Ref.f64;
import static jitbook.ops.Ref.ints;
import static jitbook.ops.Ref.longs;
import static jitbook.ops.Ref.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Samples for CreationOps, casts and ScalarOps. */
final class CreationSamples {
    private CreationSamples() {
    }

    static NdArray filled(DType t, long[] shape, double v) {
        return Ref.build(t, shape, i -> v);
    }

    static void add(OpSamples s) {
        creation(s);
        scalars(s);
    }

    private static void creation(OpSamples s) {
        s.add("tensor::zeros", "default Float", value(filled(DType.FLOAT32, s(2, 3), 0)), s(2, 3));
        s.add("tensor::zeros", "Long", value(filled(DType.INT64, s(2), 0)), s(2), "Long");
        s.add("tensor::ones", "Double", value(filled(DType.FLOAT64, s(3), 1)), s(3), "Double");
        s.add("tensor::ones", "0-d", value(filled(DType.FLOAT32, s(), 1)), s());
        s.add("tensor::full", "3.5", value(filled(DType.FLOAT32, s(2, 2), 3.5)), s(2, 2), 3.5);
        s.add("tensor::full", "Long 7", value(filled(DType.INT64, s(2), 7)), s(2), 7L, "Long");
        s.add("tensor::arange", "ints", value(longs(s(5), 0, 1, 2, 3, 4)), 0L, 5L);
        s.add("tensor::arange", "int step 3", value(longs(s(4), 0, 3, 6, 9)), 0L, 10L, 3L);
        s.add("tensor::arange", "negative step", value(longs(s(3), 5, 3, 1)), 5L, 0L, -2L);
        s.add("tensor::arange", "floats", value(Ref.floats(s(4), 1f, 1.25f, 1.5f, 1.75f)), 1.0, 2.0, 0.25);
        s.add("tensor::arange", "empty", value(longs(s(0))), 3L, 3L);
        s.add("tensor::eye", "3", value(Ref.build(DType.FLOAT32, s(3, 3), i -> i[0] == i[1] ? 1 : 0)), 3L);
        s.add("tensor::eye", "Long 2", value(longs(s(2, 2), 1, 0, 0, 1)), 2L, "Long");
        s.add("tensor::rand", "uniform in [0,1), seeded", (x, r) -> {
            NdArray u = (NdArray) r;
            assertEquals(DType.FLOAT32, u.dtype());
            assertArrayEquals(s(1000), u.shape());
            double mean = 0;
            for (int i = 0; i < u.numel(); i++) {
                assertTrue(u.getDouble(i) >= 0 && u.getDouble(i) < 1);
                mean += u.getDouble(i) / u.numel();
            }
            assertEquals(0.5, mean, 0.05);
            seededTwice("tensor::rand", x);
        }, s(1000));
        s.add("tensor::randn", "standard normal, seeded", (x, r) -> {
            NdArray u = (NdArray) r;
            assertEquals(DType.FLOAT64, u.dtype());
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < u.numel(); i++) {
                mean += u.getDouble(i) / u.numel();
                sq += u.getDouble(i) * u.getDouble(i) / u.numel();
            }
            assertEquals(0, mean, 0.1);
            assertEquals(1, sq, 0.15);
            seededTwice("tensor::randn", x);
        }, s(2000), "Double");
        s.add("tensor::zeros_like", "int64", expect(x -> filled(DType.INT64, a(x, 0).shape(), 0)), ints(0, 5, 2, 3));
        s.add("tensor::ones_like", "f32", expect(x -> filled(DType.FLOAT32, a(x, 0).shape(), 1)), f32(4));
        s.add("tensor::to", "f32 to Long truncates", value(longs(s(3), 1, -2, 0)), Ref.floats(s(3), 1.7f, -2.5f, 0.2f), "Long");
        s.add("tensor::to", "f32 to Double", expect(x -> Ref.unary(a(x, 0), DType.FLOAT64, v -> v)), f32(2, 3), "Double");
        // Not gradient-checked: finite differences through a rounding to float32 are noise.
        s.addNoGrad("tensor::to", "f64 to Float", expect(x -> Ref.unary(a(x, 0), DType.FLOAT32, v -> v)), f64(2, 3), "Float");
        s.add("tensor::to", "Long to Bool", value(new NdArray(DType.BOOL, s(3), new boolean[] {true, false, true})),
                longs(s(3), 2, 0, -1), "Bool");
        s.add("tensor::type_as", "f64 as f32", expect(x -> Ref.unary(a(x, 0), DType.FLOAT32, v -> v)), f64(2, 3), f32(1));
        s.add("tensor::type_as", "f32 as f64", expect(x -> Ref.unary(a(x, 0), DType.FLOAT64, v -> v)), f32(2, 3), f64(1));
        s.add("tensor::detach", "same values", expect(x -> a(x, 0)), f32(2, 3));
        s.add("tensor::detach", "Long", expect(x -> a(x, 0)), longs(s(3), 1, -2, 7));
    }

    /** A seeded random op gives the same tensor twice, and a different one for another seed. */
    static void seededTwice(String op, Object[] args) {
        OpDef d = OpRegistry.global().get(op);
        Rng.manualSeed(7);
        NdArray a = (NdArray) d.run(args);
        Rng.manualSeed(7);
        NdArray b = (NdArray) d.run(args);
        Rng.manualSeed(8);
        NdArray c = (NdArray) d.run(args);
        Ref.assertMatches(a, b, op + " with the same seed");
        assertTrue(a.getDouble(0) != c.getDouble(0) || a.getDouble(1) != c.getDouble(1), op + " with another seed");
    }

    private static void scalars(OpSamples s) {
        s.add("scalar::add", "ints", value(5L), 2L, 3L);
        s.add("scalar::add", "int + float", value(2.5), 2L, 0.5);
        s.add("scalar::add", "wraps at 64 bits", value(Long.MIN_VALUE), Long.MAX_VALUE, 1L);
        s.add("scalar::add", "bool counts as 1", value(2L), true, 1L);
        s.add("scalar::sub", "ints", value(-1L), 2L, 3L);
        s.add("scalar::sub", "floats", value(0.25), 0.75, 0.5);
        s.add("scalar::mul", "ints", value(6L), 2L, 3L);
        s.add("scalar::mul", "float", value(1.5), 3L, 0.5);
        s.add("scalar::div", "ints truncate toward zero", value(-3L), 7L, -2L);
        s.add("scalar::div", "float", value(3.5), 7.0, 2L);
        s.add("scalar::mod", "Java remainder", value(-1L), -7L, 3L);
        s.add("scalar::mod", "float", value(1.5), 7.5, 2.0);
        s.add("scalar::neg", "int", value(-3L), 3L);
        s.add("scalar::neg", "float", value(-2.5), 2.5);
        s.add("scalar::lt", "int < float", value(true), 1L, 2.0);
        s.add("scalar::le", "equal", value(true), 2L, 2L);
        s.add("scalar::gt", "false", value(false), 1L, 2L);
        s.add("scalar::ge", "floats", value(true), 2.5, 2.5);
        s.add("scalar::lt", "NaN compares false", value(false), Double.NaN, 1.0);
        s.add("scalar::eq", "int and float", value(true), 1L, 1.0);
        s.add("scalar::eq", "strings", value(true), "a", "a");
        s.add("scalar::ne", "ints", value(true), 1L, 2L);
        s.add("scalar::ne", "bools", value(false), true, true);
        s.add("scalar::and", "", value(false), true, false);
        s.add("scalar::or", "", value(true), true, false);
        s.add("scalar::not", "", value(false), true);
        s.add("scalar::to_float", "int", value(3.0), 3L);
        s.add("scalar::to_int", "truncates", value(-2L), -2.7);
        s.add("tensor::numel", "[2,3]", value(6L), f32(2, 3));
        s.add("tensor::numel", "0-d", value(1L), f64());
        s.add("tensor::dim", "[2,3]", value(2L), f32(2, 3));
        s.add("tensor::dim", "0-d", value(0L), f64());
        s.add("tensor::size", "dim -1", value(3L), f32(2, 3), -1L);
        s.add("tensor::item", "f32", value((double) 2.5f), Ref.floats(s(), 2.5f));
        s.add("tensor::item", "int64 of one element", value(7L), longs(s(1, 1), 7));
        s.add("tensor::item", "bool", value(true), new NdArray(DType.BOOL, s(), new boolean[] {true}));
    }
}
