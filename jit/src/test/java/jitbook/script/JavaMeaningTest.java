package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jitbook.tensor.Tensors;

/**
 * Minimized regressions of issue 24: each program is valid Java, and plain Java, the scripted
 * function, its optimized plans and its saved-and-loaded copy must agree on every input given
 * (results, or that it throws). Grouped by the items.
 */
class JavaMeaningTest {
    private static Path dir;
    private static int counter;

    @BeforeAll
    static void tempDir() throws Exception {
        dir = Files.createTempDirectory("jitbook-meaning");
    }

    /** Asserts every way of running {@code src}'s f agrees with javac on each argument list. */
    private static void agrees(String src, Object[]... inputs) throws Exception {
        Differential d = Differential.of("Meaning" + (counter++), src, dir);
        for (Object[] in : inputs) assertNull(d.mismatch(in));
    }

    private static Object[] args(Object... a) {
        return a;
    }

    // ---- 1. assignments and increments as values, in Java's left-to-right order ----------------

    @Test
    void incrementInsideConditional() throws Exception {
        agrees("static int f(int v, boolean b) { int y = b ? v++ : 0; return v * 10 + y; }",
                args(5, false), args(5, true));
    }

    @Test
    void incrementInsideAndOr() throws Exception {
        agrees("static int f(int v, boolean b) { boolean c = b && (v++ > 3); return c ? v : -v; }",
                args(5, false), args(5, true), args(2, true));
        agrees("static int f(int v, boolean b) { boolean c = b || (v++ > 3); return c ? v : -v; }",
                args(5, false), args(5, true), args(2, false));
    }

    @Test
    void assignmentsAsArguments() throws Exception {
        agrees("static int f(int p1, int n) { List<Integer> p0 = new ArrayList<>(); p0.add((p1 = 46341)); return p0.get(0) * p1 + n; }",
                args(3, 1));
        agrees("static Tensor f(Tensor x, int n) { return x.mul((n--)).add(n); }", args(Tensors.tensor(new float[] {1, 2}), 4));
        agrees("static int f(int p1, int n) { return (p1 += p1) + (p1 = n * 3) + p1; }", args(3, 5));
        agrees("static int g(int a, int b) { return a * 10 + b; }\nstatic int f(int i, int j) { return g(i++, i++) * 100 + i + g(j, j = 2); }",
                args(1, 7));
    }

    @Test
    void sideEffectsInLoopConditions() throws Exception {
        agrees("static int f(int w, int v) { while (w > 0 && v++ < 100) { w--; } return v * 1000 + w; }",
                args(3, 5), args(0, 5), args(200, 95));
        agrees("static int f(int n, int k) { int c = 0; do { c += k; } while (n-- > 0 && (k *= 2) < 50); return c * 100 + n; }",
                args(3, 1), args(9, 1), args(0, 7));
        agrees("static int f(int n, int k) { int c = 0; for (int i = 0; i++ < n; c += i) { if (c > k) break; } return c; }",
                args(5, 100), args(9, 7));
    }

    @Test
    void assignmentInsideConstantConditional() throws Exception {
        agrees("static int f(int n, int k) { if ((false ? (n += 1) : n) <= 3) return n + k; return -n; }", args(2, 1), args(7, 1));
        agrees("static int f(int n, int k) { if ((true ? (n += 1) : (k = 9)) <= 3) return n + k; return -n * k; }", args(2, 1), args(7, 1));
    }

    @Test
    void sideEffectsInConditionsAndHelpers() throws Exception {
        agrees("static int f(int n, int k) { if (n++ > 2 && n++ > 4 || (k += n) > 10) { return n * 100 + k; } return -(n * 100 + k); }",
                args(1, 1), args(3, 1), args(5, 1), args(1, 12));
        agrees("static int push(List<Integer> l, int v) { l.add(v); return l.size(); }\n"
                + "static int f(int a, int b) { List<Integer> l = new ArrayList<>(); int s = push(l, a) * 10 + push(l, b);"
                + " return s * 100 + l.get(0) - l.get(1) + (l.size() > 1 ? push(l, a + b) : 0); }", args(3, 4));
        agrees("static int f(int a, int b) { int s = 0; for (int i = 0; i < 4; i++) { s += i % 2 == 0 ? a++ : b--; } return s * 100 + a * 10 + b; }",
                args(1, 5));
    }

    // ---- 2. counted-loop trip counts without 32-bit overflow --------------------------------------

    @Test
    void countedLoopsAtTheIntBounds() throws Exception {
        agrees("static int f(int n, int m) { int c = 0; for (int i = 10; i < n; i++) { c++; if (c > 5) break; } return c; }",
                args(Integer.MIN_VALUE, 0), args(Integer.MAX_VALUE, 0), args(13, 0));
        agrees("static int f(int n, int m) { int c = 0; for (int i = -10; i < n; i++) { c++; if (c > 5) break; } return c; }",
                args(Integer.MAX_VALUE, 0), args(Integer.MIN_VALUE, 0));
        agrees("static int f(int n, int m) { int c = 0; for (int i = 1; i < n; i++) { c++; } return c + m; }",
                args(Integer.MIN_VALUE, 0), args(4, 1));
        agrees("static int f(int n, int m) { int c = 0; int s = 0; for (int i = n; i <= m; i++) { c++; s += i; if (c > 5) break; } return s; }",
                args(Integer.MAX_VALUE - 2, Integer.MAX_VALUE), args(Integer.MIN_VALUE, Integer.MIN_VALUE), args(3, 2));
        agrees("static long f(long a, long b) { long c = 0; for (long i = a; i < b; i++) { c++; if (c > 5) break; } return c; }",
                args(Long.MIN_VALUE, Long.MAX_VALUE), args(Long.MAX_VALUE, Long.MIN_VALUE), args(3L, 5L));
    }

    // ---- 3. numeric conversions exactly as Java ----------------------------------------------------

    @Test
    void narrowingFromDoubleSaturates() throws Exception {
        agrees("static int f(double d) { return (int) d; }", args(1e10), args(-1e10), args(Double.NaN), args(3.7), args(-3.7),
                args(Double.POSITIVE_INFINITY));
        agrees("static long f(double d) { return (long) d; }", args(1e30), args(Double.NaN), args(-2.5));
        agrees("static int f(int a) { a *= 1e10; return a; }", args(3), args(-1), args(0));
        agrees("static int f(double d) { float x = (float) d; return (int) (x * 1e30f * 1e30f); }", args(1.0), args(-1.0));
        agrees("static int f(double d) { return (byte) d * 1000 + (short) (d * 3); }", args(1e10), args(200.7), args(-1e5));
    }

    @Test
    void byteAndShortNarrowAndWrap() throws Exception {
        agrees("static int f(int a) { return (byte) a; }", args(200), args(-129), args(1000));
        agrees("static int f(int a) { return (short) a; }", args(40000), args(-32769));
        agrees("static int f(int a) { byte b = (byte) a; b += 100; b++; short s = (short) (b * 1000); s -= 7; return b * 100000 + s; }",
                args(27), args(-100), args(0));
        agrees("static int f(int a) { byte b = 10; short s = -3; for (int i = 0; i < a; i++) { b *= 3; s += b; } return b + s * 1000; }",
                args(5), args(2));
    }

    @Test
    void longToFloatRoundsOnce() throws Exception {
        agrees("static float f(long a) { return (float) a; }", args((1L << 62) + (1L << 38) + 1), args(-1L));
        agrees("static double f(int a, long b) { float x = a * b; return a / 2 + b / 3 + a * b + (a + 0.5f) + x; }",
                args(7, (1L << 40) + 3), args(-3, -5L));
    }

    // ---- 4. valid Java the compiler rejected --------------------------------------------------------

    @Test
    void returnsInNestedBlocks() throws Exception {
        agrees("static int f(int n) { { if (n > 0) return 1; } return 2; }", args(1), args(-1));
        agrees("static int f(int n) { { int a = n * 2; { if (a > 4) { return a; } } n += a; } int a = 7; return a + n; }", args(1), args(5));
    }

    @Test
    void scopesEndAfterReturningIfAndSwitch() throws Exception {
        agrees("static int f(int n) { if (n > 0) { return 1; } else { int a = 2; n += a; } int a = 5; return a + n; }", args(1), args(-4));
        agrees("static int f(int n) { switch (n) { case 0: return 7; default: int a = 3; n += a; } int a = 5; return a + n; }",
                args(0), args(4));
    }

    @Test
    void caseBlocksEndingInBreak() throws Exception {
        agrees("static int f(int n) { switch (n) { case 0: { n += 5; break; } case 1: { int q = 3; n *= q; break; } default: n = -n; } return n; }",
                args(0), args(1), args(2));
    }

    @Test
    void conditionalWithNull() throws Exception {
        agrees("static Tensor f(Tensor x, boolean c) { Tensor t = c ? x : null; return t == null ? x.neg() : t.add(1.0); }",
                args(Tensors.tensor(new float[] {1, -2}), true), args(Tensors.tensor(new float[] {1, -2}), false));
    }

    // ---- 5. item() of a bool tensor ----------------------------------------------------------------

    @Test
    void itemOfABoolTensor() throws Exception {
        agrees("static double f(Tensor x) { return x.gt(0.0).max().item() + x.lt(-5.0).min().item(); }",
                args(Tensors.tensor(new float[] {1, -2})), args(Tensors.tensor(new float[] {-1, -2})));
    }

    // ---- 6. an op that may throw is not dead ----------------------------------------------------------

    @Test
    void unusedOpsThatMayThrowStillThrow() throws Exception {
        agrees("static int f(int n) { int z = 10 / n; return 3; }", args(0), args(2));
        agrees("static int f(int n) { int z = 10 % n; long q = 7L / (n - 1); return 3; }", args(0), args(1), args(2));
        agrees("static int f(Tensor x, int n) { List<Integer> l = new ArrayList<>(); l.add(n); int q = l.get(n); return 3; }",
                args(Tensors.tensor(new float[] {1}), 0), args(Tensors.tensor(new float[] {1}), 1));
        agrees("static int f(Tensor x, int n) { Tensor m = Tensors.arange(n).mean(); double v = x.item(); return 3; }",
                args(Tensors.tensor(new float[] {1}), 2), args(Tensors.tensor(new float[] {1, 2}), 2));
    }

    // ---- 7. backward through a dead value ---------------------------------------------------------------

    @Test
    void deadLoopValueWithInfiniteDerivativeGivesNoNan() throws Exception {
        Differential d = Differential.of("Meaning" + (counter++),
                "static Tensor f(Tensor w, Tensor x) { Tensor z = w.sub(w); for (int k = 0; k < 2; k++) { w = w.mul(1.0); x = z.sqrt(); } return w; }",
                dir);
        Object[] in = args(Tensors.tensor(new float[] {1, 2}), Tensors.tensor(new float[] {3, 4}));
        assertNull(d.mismatch(in));
        assertNull(d.gradientMismatch(in));
    }

    // ---- 9. Java's library behaviour ------------------------------------------------------------------

    @Test
    void mapGetOfAMissingKeyIsNull() throws Exception {
        agrees("static int f(int k) { Map<String, Integer> m = new HashMap<>(); m.put(\"a\", 1); Integer v = m.get(k > 0 ? \"a\" : \"b\");"
                + " return v == null ? -1 : v; }", args(1), args(0));
        agrees("static Tensor f(Tensor x, int k) { Map<Integer, Tensor> m = new LinkedHashMap<>(); m.put(1, x); Tensor t = m.get(k);"
                + " return t == null ? x.neg() : t.mul(2.0); }", args(Tensors.tensor(new float[] {1, 2}), 1), args(Tensors.tensor(new float[] {1, 2}), 2));
    }

    @Test
    void listOfAndMapOfAreUnmodifiable() throws Exception {
        agrees("static int f(int k) { List<Integer> l = List.of(1, 2); if (k > 0) l.add(3); return l.size(); }", args(1), args(0));
        agrees("static int f(int k) { List<Integer> l = List.of(1, 2); l.set(0, k); return 3; }", args(1));
        agrees("static int f(int k) { List<Integer> a = new ArrayList<>(); a.add(k); List<Integer> l = List.copyOf(a); l.add(1); return 1; }", args(1));
        agrees("static int f(int k) { Map<Integer, Integer> m = Map.of(k, 1, 2, 2); return m.size() + m.get(2); }", args(2), args(3));
        agrees("static int f(int k) { Map<String, Integer> m = Map.of(\"a\", k); m.put(\"b\", 2); return 0; }", args(2));
    }

    @Test
    void hashMapsIterateInJavasOrder() throws Exception {
        agrees("static String f(int k) { Map<String, Integer> m = new HashMap<>(); for (int i = 0; i < k; i++) m.put(\"key\" + (i * 7), i);"
                + " String s = \"\"; for (String e : m.keySet()) s = s + e + \",\"; return s + m; }", args(12), args(3));
    }

    @Test
    void recordsPrintAsJavaPrintsThem() throws Exception {
        agrees("record P(int a, double b) {}\nrecord Q(P p, String name) {}\n"
                + "static String f(int a) { P p = new P(a, 1.5); return \"p=\" + p + \" q=\" + new Q(p, \"n\") + 7; }", args(3));
        agrees("static String f(int a) { Map<String, Integer> m = new LinkedHashMap<>(); m.put(\"x\", a); String s = \"\";"
                + " for (Map.Entry<String, Integer> e : m.entrySet()) s = s + e; List<Integer> l = new ArrayList<>(); l.add(a); return s + l + m; }", args(3));
    }

    // ---- 10. a field the constructor sets on some paths only -----------------------------------------------

    @Test
    void fieldSetOnlyUnderAnIfIsACompileError() {
        ScriptCompileError e = org.junit.jupiter.api.Assertions.assertThrows(ScriptCompileError.class, () -> jitbook.jit.Jit.compile(
                "class C { int a; C(int n) { if (n > 0) a = n; } int get() { return a; } }\n"
                        + "static int f(int n) { return new C(n).get(); }").compileAll());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("field a of C is set only on some paths"), e.getMessage());
    }

    @Test
    void fieldsSetOnEveryPathCompile() throws Exception {
        agrees("static class C { int a; double b; C(int n) { if (n > 0) { a = n; } else { this.a = -n; } b = n > 3 && (a = 2) > 0 ? 1.0 : 2.0;"
                + " if (n == 7) throw new IllegalArgumentException(\"seven\"); } int get() { return a; } }\n"
                + "static int f(int n) { return new C(n).get(); }", args(5), args(-2), args(7));
    }

    @Test
    void enumsAreEnumConstants() throws Exception {
        String src = "enum Color { RED, GREEN, BLUE }\nrecord R(Color c, int n) {}\n"
                + "static String f(int k) { Color c = k > 0 ? Color.RED : k < 0 ? Color.BLUE : Color.GREEN;"
                + " Map<Color, Integer> m = new HashMap<>(); m.put(c, k); m.put(Color.GREEN, 2);"
                + " String s = \"\"; switch (c) { case RED: s = \"r\"; break; default: s = \"o\"; }"
                + " return \"c=\" + c + c.ordinal() + c.name() + (c == Color.BLUE) + c.equals(Color.RED) + new R(c, k) + s + m.get(c) + m.size(); }";
        agrees(src, args(1), args(-1), args(0));
        String ir = jitbook.jit.Jit.compile(src).function("f").graph().toString();
        org.junit.jupiter.api.Assertions.assertTrue(ir.contains("Enum<Color> = prim::Constant[value=Enum<Color.RED:0>]()"), ir);
        org.junit.jupiter.api.Assertions.assertEquals(ir, jitbook.ir.IrParser.parse(ir).toString(), "enum constants print and parse back");
    }

    @Test
    void javaEnumsPassedInAreTheScriptsConstants() {
        jitbook.jit.ScriptFunction f = jitbook.jit.Jit.compile(
                "enum Color { RED, GREEN }\nstatic int f(Color c, int k) { return c == Color.GREEN ? k : c.ordinal() - k; }").function("f");
        org.junit.jupiter.api.Assertions.assertEquals(3, f.call(Color.GREEN, 3));
        org.junit.jupiter.api.Assertions.assertEquals(-3, f.call(Color.RED, 3));
    }

    /** A Java enum of the same name as the script's, as a caller holding its own enum class passes it. */
    enum Color { RED, GREEN }
}
