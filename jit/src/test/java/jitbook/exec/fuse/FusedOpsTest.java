package jitbook.exec.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import jitbook.exec.Interpreter;
import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.ops.ArgType;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;
import jitbook.ops.OpTrait;
import jitbook.ops.Schema;
import jitbook.passes.PassPipeline;

/**
 * Fused against unfused, generated from the registry: every elementwise op with a fused
 * expression on float32 and float64 and every operand layout (same shape, row, column, 0-d,
 * general broadcast, Java scalar), then random chains of them on random broadcasting shapes.
 * Exact agreement everywhere except float32 tanh/sigmoid/erf/gelu/exp (FastMath's stated errors plus
 * the eager kernels' own) and leaky_relu (its slope is rounded to float first: 1 ulp).
 */
class FusedOpsTest {
    /** Ops whose float32 fused form differs from the eager kernel by more than nothing. */
    private static final Set<String> INEXACT_FLOAT = Set.of("tensor::tanh", "tensor::sigmoid", "tensor::erf",
            "tensor::gelu", "tensor::leaky_relu", "tensor::exp", "tensor::gelu_tanh", "tensor::mish", "tensor::silu",
            "tensor::softplus", "tensor::elu", "tensor::rsqrt");
    /** Ops that, with the Vector API forms on, differ from the eager kernels by up to an ulp in both dtypes. */
    private static final Set<String> VECTOR_MATH = Set.of("tensor::exp", "tensor::log", "tensor::sin", "tensor::cos");

    static boolean inexact(OpDef op, DType t) {
        return t == DType.FLOAT32 && INEXACT_FLOAT.contains(op.name()) || VectorMath.active() && VECTOR_MATH.contains(op.name());
    }

    static List<OpDef> fusibleOps() {
        List<OpDef> ops = new ArrayList<>();
        for (OpDef d : OpRegistry.global().all()) {
            if (d.has(OpTrait.ELEMENTWISE) && d.fusedExpression() != null) ops.add(d);
        }
        ops.sort((a, b) -> a.name().compareTo(b.name()));
        return ops;
    }

    static String typeOf(NdArray a) {
        StringBuilder sb = new StringBuilder(a.dtype().irName()).append('(');
        for (int d = 0; d < a.rank(); d++) sb.append(d > 0 ? ", " : "").append(a.dim(d));
        return sb.append(')').toString();
    }

    static NdArray random(DType t, long[] shape, Random rnd) {
        NdArray a = NdArray.zeros(t, shape);
        for (int i = 0; i < a.numel(); i++) {
            if (t == DType.BOOL) a.setDouble(i, rnd.nextBoolean() ? 1 : 0);
            else a.setDouble(i, rnd.nextGaussian() * 2);
        }
        return a;
    }

    /** Runs graph text unfused and fused (after the "fuse" pass) and compares every output. */
    static void compare(String ir, Object[] args, double atol, double rtol, String what) {
        Graph ref = Jit.parseIr(ir);
        Graph fused = Jit.parseIr(ir);
        PassPipeline.of("fuse").run(fused);
        assertTrue(fused.toString().contains("prim::FusionGroup"), what + ": no group in\n" + fused);
        Object[] want = new Interpreter(ref).run(args);
        long before = FusedGroup.fusedCalls();
        Object[] got = new Interpreter(fused).run(args);
        assertTrue(FusedGroup.fusedCalls() > before, what + ": the group fell back\n" + FusionReport.explain(fused) + "\n" + fused);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) FusedAssert.close(want[i], got[i], atol, rtol, what + " output " + i + "\n" + ir);
    }

    @Test
    void everyElementwiseOpOnEveryLayout() {
        Random rnd = new Random(7);
        long[][][] layouts = {
            {{4, 70}, {4, 70}, {4, 70}},      // same shape
            {{4, 70}, {70}, {4, 70}},         // bias row
            {{4, 70}, {4, 1}, {1}},           // column, one-element
            {{4, 70}, {}, {4, 70}},           // 0-d
            {{3, 1, 5}, {1, 4, 1}, {4, 5}},   // general broadcast (expanded)
            {{}, {}, {}},                     // all 0-d
        };
        int checked = 0;
        for (OpDef op : fusibleOps()) {
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                for (long[][] shapes : layouts) {
                    List<String> decls = new ArrayList<>();
                    List<String> operands = new ArrayList<>();
                    List<Object> args = new ArrayList<>();
                    List<String> consts = new ArrayList<>();
                    List<Schema.Param> params = op.schema().params();
                    int tensors = 0;
                    for (int p = 0; p < params.size(); p++) {
                        Schema.Param sp = params.get(p);
                        String name = "%i" + p;
                        if (sp.name.equals("condition")) {
                            NdArray c = random(DType.BOOL, shapes[Math.min(tensors++, 2)], rnd);
                            decls.add(name + " : " + typeOf(c));
                            args.add(c);
                        } else if (sp.type.acceptsTensor()) {
                            NdArray a = random(t, shapes[Math.min(tensors++, 2)], rnd);
                            decls.add(name + " : " + typeOf(a));
                            args.add(a);
                        } else {
                            double v = p == 1 ? -0.5 : 0.7; // clamp's min and max, leaky_relu's slope
                            consts.add("  " + name + " : double = prim::Constant[value=" + v + "]()");
                        }
                        operands.add(name);
                    }
                    String ir = "graph(" + String.join(", ", decls) + "):\n"
                            + String.join("\n", consts) + (consts.isEmpty() ? "" : "\n")
                            + "  %one : double = prim::Constant[value=1.0]()\n"
                            + "  %r : Tensor = " + op.name() + "(" + String.join(", ", operands) + ")\n"
                            + "  %y : Tensor = tensor::mul(%r, %one)\n"
                            + "  return (%y, %r)";
                    double tol = !inexact(op, t) ? 0 : t == DType.FLOAT32 ? 1.2e-6 : 1e-14;
                    compare(ir, args.toArray(), tol, tol, op.name() + " " + t);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 20 * 12, "checked " + checked);
    }

    @Test
    void javaScalarOperandsAndMixedDtypes() {
        Random rnd = new Random(3);
        NdArray x = random(DType.FLOAT32, new long[] {5, 80}, rnd);
        NdArray d = random(DType.FLOAT64, new long[] {80}, rnd);
        NdArray z = random(DType.FLOAT64, new long[] {}, rnd);
        String ir = String.join("\n",
                "graph(%x : Float(5, 80), %d : Double(80), %z : Double(), %s : double, %n : int):",
                "  %a : Tensor = tensor::mul(%x, %s)",
                "  %b : Tensor = tensor::add(%a, %z)",      // 0-d double does not promote float
                "  %c : Tensor = tensor::sub(%b, %n)",
                "  %e : Tensor = tensor::div(%c, %d)",      // float * double tensor -> double
                "  %f : Tensor = tensor::gt(%e, %x)",
                "  %g : Tensor = tensor::where(%f, %e, %b)",
                "  return (%g, %f, %b)");
        compare(ir, new Object[] {x, d, z, 1.75, 3}, 0, 0, "mixed");
    }

    @Test
    void randomExactChains() {
        randomChains(false, 11, 200);
    }

    @Test
    void randomChainsWithApproximations() {
        randomChains(true, 12, 100);
    }

    /**
     * Random chains over random broadcasting shapes. Exact mode: any op except the float
     * approximations (even all-float64 inputs reach float32 through bool values). Smooth mode: float32 chains of
     * continuous ops including tanh, sigmoid, erf and gelu, compared within 1e-5 + 1e-4 |x|.
     */
    private static void randomChains(boolean smooth, long seed, int programs) {
        Random rnd = new Random(seed);
        List<OpDef> all = fusibleOps();
        Set<String> smoothOps = Set.of("tensor::add", "tensor::sub", "tensor::mul", "tensor::tanh", "tensor::sigmoid",
                "tensor::erf", "tensor::gelu", "tensor::maximum", "tensor::minimum", "tensor::neg", "tensor::abs",
                "tensor::relu", "tensor::sin", "tensor::cos", "tensor::exp");
        int ranFused = 0;
        int compared = 0;
        for (int prog = 0; prog < programs; prog++) {
            boolean big = prog == programs - 1; // one call large enough for parallel chunks
            int rank = big ? 2 : rnd.nextInt(4);
            long[] full = new long[rank];
            for (int d = 0; d < rank; d++) full[d] = 1 + rnd.nextInt(9);
            if (big) full = new long[] {3, 100_000};
            boolean allDouble = !smooth && rnd.nextInt(3) == 0;
            int nIn = 2 + rnd.nextInt(3);
            List<String> decls = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < nIn; i++) {
                long[] shape = full.clone();
                if (i > 0) {
                    for (int d = 0; d < rank; d++) if (rnd.nextInt(3) == 0) shape[d] = 1;
                    int drop = rnd.nextInt(rank + 1);
                    if (rnd.nextBoolean()) shape = java.util.Arrays.copyOfRange(shape, drop, rank);
                }
                DType t = smooth ? DType.FLOAT32 : allDouble ? DType.FLOAT64
                        : rnd.nextInt(4) == 0 ? DType.FLOAT64 : rnd.nextInt(8) == 0 ? DType.BOOL : DType.FLOAT32;
                NdArray a = random(t, shape, rnd);
                decls.add("%i" + i + " : " + typeOf(a));
                args.add(a);
                if (t != DType.BOOL) values.add("%i" + i);
            }
            if (values.isEmpty()) {
                NdArray a = random(DType.FLOAT32, full, rnd);
                decls.add("%i" + nIn + " : " + typeOf(a));
                args.add(a);
                values.add("%i" + nIn);
            }
            List<String> body = new ArrayList<>();
            body.add("  %k0 : double = prim::Constant[value=0.5]()");
            body.add("  %k1 : int = prim::Constant[value=2]()");
            int nOps = 2 + rnd.nextInt(7);
            List<String> results = new ArrayList<>();
            for (int o = 0; o < nOps; o++) {
                OpDef op;
                do {
                    op = all.get(rnd.nextInt(all.size()));
                } while (smooth ? !smoothOps.contains(op.name()) : INEXACT_FLOAT.contains(op.name())
                        || VectorMath.active() && VECTOR_MATH.contains(op.name()));
                List<String> operands = new ArrayList<>();
                List<Schema.Param> params = op.schema().params();
                for (int p = 0; p < params.size(); p++) {
                    Schema.Param sp = params.get(p);
                    if (sp.name.equals("condition")) {
                        body.add("  %q" + o + " : Tensor = tensor::gt(" + pick(values, rnd) + ", %k0)");
                        operands.add("%q" + o);
                    } else if (sp.type.acceptsTensor()) {
                        boolean scalar = p > 0 && sp.type != ArgType.TENSOR && rnd.nextInt(4) == 0;
                        operands.add(scalar ? (rnd.nextBoolean() ? "%k0" : "%k1") : pick(values, rnd));
                    } else {
                        operands.add(p == 1 ? "%k0" : "%k1");
                    }
                }
                if (op.name().equals("tensor::clamp")) {
                    operands.set(1, "%k0");
                    operands.set(2, "%k1");
                }
                String v = "%v" + o;
                body.add("  " + v + " : Tensor = " + op.name() + "(" + String.join(", ", operands) + ")");
                values.add(v);
                results.add(v);
            }
            // every op's result feeds the next one so the chain stays one group; return the last and one intermediate
            String last = results.get(results.size() - 1);
            String first = results.get(0);
            body.add("  %out : Tensor = tensor::add(" + last + ", " + first + ")");
            String ir = "graph(" + String.join(", ", decls) + "):\n" + String.join("\n", body)
                    + "\n  return (%out, " + last + ")";
            Graph fused = Jit.parseIr(ir);
            PassPipeline.of("fuse").run(fused);
            if (!fused.toString().contains("prim::FusionGroup")) continue;
            Graph ref = Jit.parseIr(ir);
            Object[] want;
            try {
                want = new Interpreter(ref).run(args.toArray());
            } catch (RuntimeException e) {
                continue; // a chain the eager ops reject (e.g. bool arithmetic into int64 ops) has nothing to compare
            }
            long before = FusedGroup.fusedCalls();
            Object[] got = new Interpreter(fused).run(args.toArray());
            compared++;
            if (FusedGroup.fusedCalls() > before) ranFused++;
            for (int i = 0; i < want.length; i++) {
                FusedAssert.close(want[i], got[i], smooth ? 1e-5 : 0, smooth ? 1e-4 : 0, "program " + prog + " output " + i
                        + "\n" + ir + "\n" + FusionReport.explain(fused));
            }
        }
        assertTrue(compared >= programs / 2 && ranFused >= compared * 3 / 4, "compared " + compared + ", fused " + ranFused);
        System.out.println((smooth ? "smooth" : "exact") + " random chains: " + compared + " compared, " + ranFused + " ran fused");
    }

    private static String pick(List<String> values, Random rnd) {
        // favour recent values so that chains are deep
        int n = values.size();
        return values.get(Math.max(0, n - 1 - rnd.nextInt(Math.min(n, 3))));
    }

    @Test
    void int64GroupsFallBackWithTheReasonVisible() {
        String ir = String.join("\n",
                "graph(%x : Long(3, 4), %y : Long(3, 4)):",
                "  %a : Tensor = tensor::add(%x, %y)",
                "  %b : Tensor = tensor::mul(%a, %y)",
                "  return (%b)");
        Graph fused = Jit.parseIr(ir);
        PassPipeline.of("fuse").run(fused);
        String report = FusionReport.explain(fused);
        assertTrue(report.contains("not fused") && report.contains("Long"), report);
        NdArray x = NdArray.zeros(DType.INT64, new long[] {3, 4});
        for (int i = 0; i < 12; i++) x.setLong(i, i);
        Object[] want = new Interpreter(Jit.parseIr(ir)).run(new Object[] {x, x});
        Object[] got = new Interpreter(fused).run(new Object[] {x, x});
        FusedAssert.exact(want[0], got[0], "int64");
    }

    @Test
    void kernelsAreCachedBySignatureAcrossGraphs() {
        String ir = String.join("\n",
                "graph(%x : Float(8, 8), %w : Float(8)):",
                "  %a : Tensor = tensor::mul(%x, %w)",
                "  %b : Tensor = tensor::relu(%a)",
                "  %c : Tensor = tensor::sub(%b, %x)",
                "  return (%c)");
        Random rnd = new Random(1);
        Object[] args = {random(DType.FLOAT32, new long[] {8, 8}, rnd), random(DType.FLOAT32, new long[] {8}, rnd)};
        Graph g1 = Jit.parseIr(ir);
        PassPipeline.of("fuse").run(g1);
        new Interpreter(g1).run(args);
        int compiled = FusedKernel.compiledCount();
        Graph g2 = Jit.parseIr(ir.replace("%a", "%renamed"));
        PassPipeline.of("fuse").run(g2);
        for (int i = 0; i < 5; i++) new Interpreter(g2).run(args);
        assertEquals(compiled, FusedKernel.compiledCount(), "the same signature compiles once");
    }

    @Test
    void interruptedCallerStopsTheKernel() {
        Graph g = Jit.parseIr(String.join("\n",
                "graph(%x : Float(600000)):",
                "  %a : Tensor = tensor::tanh(%x)",
                "  %b : Tensor = tensor::sigmoid(%a)",
                "  return (%b)"));
        PassPipeline.of("fuse").run(g);
        Interpreter in = new Interpreter(g);
        Object[] args = {NdArray.zeros(DType.FLOAT32, new long[] {600_000})};
        in.run(args);
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> in.run(args));
        } finally {
            Thread.interrupted();
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void outputsSmallerThanTheIterationSpaceFallBack() {
        // %a only depends on %w (shape (8)), but %x broadcasts the group to (4, 8)
        String ir = String.join("\n",
                "graph(%x : Float(4, 8), %w : Float(8)):",
                "  %a : Tensor = tensor::exp(%w)",
                "  %b : Tensor = tensor::mul(%x, %a)",
                "  return (%b, %a)");
        Graph fused = Jit.parseIr(ir);
        PassPipeline.of("fuse").run(fused);
        Random rnd = new Random(2);
        Object[] args = {random(DType.FLOAT32, new long[] {4, 8}, rnd), random(DType.FLOAT32, new long[] {8}, rnd)};
        Object[] want = new Interpreter(Jit.parseIr(ir)).run(args);
        Object[] got = new Interpreter(fused).run(args);
        FusedAssert.exact(want[0], got[0], "b");
        FusedAssert.exact(want[1], got[1], "a");
        assertTrue(FusionReport.explain(fused).contains("smaller shape"), FusionReport.explain(fused));
    }
}
