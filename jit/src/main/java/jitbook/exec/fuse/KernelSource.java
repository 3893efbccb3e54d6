package jitbook.exec.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jitbook.ops.DType;
import jitbook.ops.Elementwise;
import jitbook.ops.MathFunction;
import jitbook.ops.ScalarExpr;
import jitbook.ops.TensorSpec;

/**
 * Generates the Java source of one kernel: a fusion group specialized to its parameters' dtypes,
 * 0-d-ness and layouts ({@link ParamCode}).
 *
 * <p>Shape of the code: the range {@code [lo, hi)} is walked in tiles of at most {@link #TILE}
 * elements that never cross a row; per tile, each op of the group is one small loop writing a
 * tile buffer (or the output array itself when the op is an output), so intermediates stay in
 * L1 and the inputs and outputs are touched once. An op whose value has exactly one use is
 * inlined into its user's loop (no buffer, one pass less), within limits, because C2 (Java 17)
 * unrolls, and so auto-vectorizes, only loops whose body is small: the 6-op sigmoid/tanh chain as
 * one loop runs scalar (~14 ns an element here), as six tile loops vectorized (~1.3 ns), as two
 * loops, each one polynomial plus the two arithmetic ops feeding it, ~1.1 ns in cache, and at 16M
 * elements on two cores 11.4 ms instead of 17 (fewer passes over each tile; {@code FusedChainBench}
 * has the end-to-end numbers). Limits, measured: a loop holds at most one
 * polynomial approximation ({@link MathFunction#isFloatPolynomial()}) with at most {@link
 * LoopPlan#LIGHT_WITH_POLYNOMIAL} vectorizable arithmetic ops (four already turn some bodies
 * scalar), or at most {@link LoopPlan#MAX_LOOP_OPS} ops of any other kind ({@link LoopPlan}). Ops whose operands are all uniform (scalars,
 * constants, 0-d tensors, column operands within a row) are computed once per tile instead.
 *
 * <p>Dtypes follow the eager kernels exactly: each op's result dtype comes from its registry
 * shape rule, it computes in that dtype (comparisons in the promoted dtype of their operands),
 * and operands are converted to it as {@code Elementwise.asArray} would convert them. Values of
 * bool ops are kept as 0/1 in the compute dtype. Int64 values are not covered (the group then
 * falls back to the interpreter, with the reason).
 */
final class KernelSource {
    private KernelSource() {
    }

    static final int TILE = 1024;
    /** A name or an array element: needs no parentheses as an operand. */
    private static final Pattern ATOM = Pattern.compile("[\\w.]+(?:\\[[\\w +]+\\])?");
    /** A tile, input or output element: the array and the base its index adds {@code k} to. */
    private static final Pattern ARRAY_AT = Pattern.compile("(\\w+)\\[(?:(s|j) \\+ )?k\\]");
    static final String CLASS_PLACEHOLDER = "$KERNEL$";

    /** The generated source (class name still a placeholder), or the reason there is none. */
    static final class Spec {
        final String source;
        final String signature;
        final DType[] outDtypes;
        final String reason;

        private Spec(String source, DType[] outDtypes, String reason) {
            this.source = source;
            this.outDtypes = outDtypes;
            this.reason = reason;
            this.signature = source == null ? null : stripComments(source);
        }

        static Spec failed(String reason) {
            return new Spec(null, null, reason);
        }
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported(String msg) {
            super(msg, null, false, false);
        }
    }

    static Spec generate(GroupPlan plan, int[] codes) {
        try {
            return new Gen(plan, codes).run();
        } catch (Unsupported e) {
            return Spec.failed(e.getMessage());
        }
    }

    static String stripComments(String source) {
        StringBuilder sb = new StringBuilder();
        for (String line : source.split("\n")) {
            if (!line.trim().startsWith("//")) sb.append(line.trim()).append('\n');
        }
        return sb.toString();
    }

    private static String jtype(DType t) {
        return t == DType.FLOAT64 ? "double" : "float";
    }

    /** A constant in the dtype an op computes in: small integers as int literals (exact in both). */
    private static String constant(double v, DType t) {
        if (v == Math.rint(v) && Math.abs(v) < 1 << 24) return Integer.toString((int) v);
        if (t == DType.FLOAT64 || Double.isNaN(v) || Double.isInfinite(v)) return literal(v);
        return (float) v == v ? Float.toString((float) v) + "f" : "((float) " + literal(v) + ")";
    }

    private static String literal(Object v) {
        if (v instanceof Boolean) return (Boolean) v ? "1.0" : "0.0";
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d)) return "Double.NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        return Double.toString(d);
    }

    /** One generation; fields are the per-value facts the emitters need. */
    private static final class Gen {
        final GroupPlan plan;
        final int[] codes;
        final int nOps;
        final DType[] compute;
        final DType[] outDtype;
        final boolean[] uniform;
        final int[] outputOf; // op -> first output position, or -1
        /*
         * Float ops calling a polynomial approximation (MathFunction.isFloatPolynomial). C2 vectorizes a
         * loop with such a big body only when all its array accesses share one index, so these ops read
         * and write tile buffers only (inputs are copied in and outputs out by small loops, which
         * vectorize anyway).
         */
        final boolean[] heavy;
        final int[] vectorFunction; // op -> its VectorMath function, or -1: evaluated over the tile by one call
        // from the LoopPlan (see there): which ops share a loop, where each varying value lives
        LoopPlan loops;
        boolean[] inlined;
        int[] root;
        int[] loopPolynomials;
        String[] buffer;
        int[] region;
        int stagedFloat;
        int stagedDouble;
        boolean split;
        StringBuilder sb = new StringBuilder();

        Gen(GroupPlan plan, int[] codes) {
            this.plan = plan;
            this.codes = codes;
            this.nOps = plan.ops.size();
            this.compute = new DType[nOps];
            this.outDtype = new DType[nOps];
            this.uniform = new boolean[nOps];
            this.outputOf = new int[nOps];
            this.heavy = new boolean[nOps];
            this.vectorFunction = new int[nOps];
        }

        Spec run() {
            inferTypes();
            Arrays.fill(outputOf, -1);
            for (int r = 0; r < plan.returns.length; r++) {
                if (outputOf[plan.returns[r]] < 0) outputOf[plan.returns[r]] = r;
            }
            for (int c : codes) {
                if (ParamCode.isTensor(c) && (ParamCode.layout(c) == Layout.INNER || ParamCode.layout(c) == Layout.OUTER)) {
                    split = true;
                }
            }
            for (int i = 0; i < nOps; i++) {
                heavy[i] = compute[i] == DType.FLOAT32 && !uniform[i] && plan.ops.get(i).expression.calls(MathFunction::isFloatPolynomial);
            }
            boolean vector = VectorMath.active();
            for (int i = 0; i < nOps; i++) {
                MathFunction f = plan.ops.get(i).expression.unaryCallOfA();
                vectorFunction[i] = vector && !uniform[i] && f != null ? VectorMath.FUNCTIONS.indexOf(f) : -1;
            }
            loops = new LoopPlan(plan, compute, outDtype, uniform, outputOf, heavy, vectorFunction);
            inlined = loops.inlined;
            root = loops.root;
            loopPolynomials = loops.loopPolynomials;
            buffer = loops.buffer;
            region = loops.region;
            emit();
            DType[] outs = new DType[plan.returns.length];
            for (int r = 0; r < outs.length; r++) outs[r] = outDtype[plan.returns[r]];
            return new Spec(sb.toString(), outs, null);
        }

        // ---- types ----------------------------------------------------------------------------

        Object abstractOf(GroupPlan.Ref r) {
            switch (r.source) {
                case PARAM: {
                    int c = codes[r.index];
                    if (c == ParamCode.UNSUPPORTED) {
                        throw new Unsupported("input %" + plan.paramNames.get(r.index) + " is not a tensor, number or bool");
                    }
                    if (!ParamCode.isTensor(c)) return ParamCode.dummyScalar(c);
                    DType t = ParamCode.dtype(c);
                    if (t == DType.INT64) {
                        throw new Unsupported("input %" + plan.paramNames.get(r.index)
                                + " is a Long tensor: fused kernels compute in float32 and float64 only");
                    }
                    return new TensorSpec(t, ParamCode.rank0(c) ? new long[0] : new long[] {2});
                }
                case CONST:
                    return plan.constants.get(r.index);
                default:
                    return new TensorSpec(outDtype[r.index], rank0[r.index] ? new long[0] : new long[] {2});
            }
        }

        boolean[] rank0;

        void inferTypes() {
            rank0 = new boolean[nOps];
            for (int i = 0; i < nOps; i++) {
                GroupPlan.Op op = plan.ops.get(i);
                Object[] args = new Object[op.operands.length];
                boolean allUniform = true;
                for (int k = 0; k < args.length; k++) {
                    args[k] = abstractOf(op.operands[k]);
                    allUniform &= isUniform(op.operands[k]);
                }
                uniform[i] = allUniform;
                TensorSpec s;
                try {
                    s = op.def.shapeRule().infer(args);
                } catch (RuntimeException e) {
                    throw new Unsupported("the dtype rule of " + op.def.name() + " failed (" + e.getMessage() + "): " + op.irLine);
                }
                outDtype[i] = s.dtype;
                rank0[i] = s.shape != null && s.shape.length == 0;
                if (s.dtype.isFloating()) {
                    compute[i] = s.dtype;
                } else if (s.dtype == DType.BOOL && args.length == 2) {
                    DType t = Elementwise.resultType(concrete(args[0]), concrete(args[1]));
                    if (!t.isFloating()) {
                        throw new Unsupported(op.def.name() + " compares " + t.irName()
                                + " values: fused kernels compute in float32 and float64 only: " + op.irLine);
                    }
                    compute[i] = t;
                } else {
                    throw new Unsupported(op.def.name() + " gives a " + s.dtype.irName()
                            + " result: fused kernels compute in float32 and float64 only: " + op.irLine);
                }
            }
        }

        private static Object concrete(Object abstractValue) {
            if (abstractValue instanceof TensorSpec) {
                TensorSpec t = (TensorSpec) abstractValue;
                return ParamCode.dummyArray(t.dtype, t.shape.length == 0);
            }
            return abstractValue;
        }

        boolean isUniform(GroupPlan.Ref r) {
            switch (r.source) {
                case CONST:
                    return true;
                case PARAM: {
                    int c = codes[r.index];
                    return !ParamCode.isTensor(c) || ParamCode.layout(c) == Layout.SCALAR || ParamCode.layout(c) == Layout.OUTER;
                }
                default:
                    return uniform[r.index];
            }
        }

        // ---- emission -------------------------------------------------------------------------

        void line(int indent, String s) {
            for (int i = 0; i < indent; i++) sb.append("    ");
            sb.append(s).append('\n');
        }

        String paramName(int i) {
            return "%" + plan.paramNames.get(i);
        }

        void emit() {
            line(0, "// Generated by jitbook.exec.fuse for the prim::FusionGroup" + (plan.where.isEmpty() ? "" : " at " + plan.where) + ".");
            line(0, "// One pass over memory: tiles of at most " + TILE + " elements, one vectorizable loop per op.");
            line(0, "package jitbook.exec.fuse.gen;");
            line(0, "");
            line(0, "import jitbook.ops.FastMath;");
            line(0, "import jitbook.exec.fuse.VectorMath;");
            line(0, "");
            line(0, "public final class " + CLASS_PLACEHOLDER + " implements jitbook.exec.fuse.KernelBody {");
            line(1, "public void run(Object[] in, double[] sc, Object[] out, int lo, int hi, int inner) {");
            // inputs
            for (int i = 0; i < codes.length; i++) {
                int c = codes[i];
                line(2, "// " + paramName(i) + ": " + ParamCode.describe(c));
                if (!ParamCode.isTensor(c)) {
                    line(2, "final double u" + i + " = sc[" + i + "];");
                    continue;
                }
                DType t = ParamCode.dtype(c);
                String arr = t == DType.BOOL ? "boolean[]" : jtype(t) + "[]";
                line(2, "final " + arr + " p" + i + " = (" + arr + ") in[" + i + "];");
                if (ParamCode.layout(c) == Layout.SCALAR) {
                    line(2, "final " + reprType(t) + " u" + i + " = " + load(t, "p" + i, "0") + ";");
                }
            }
            for (int i = 0; i < plan.constants.size(); i++) {
                line(2, "// %" + plan.constantNames.get(i) + " = prim::Constant[value=" + plan.constants.get(i) + "]");
                line(2, "final double c" + i + " = " + literal(plan.constants.get(i)) + ";");
            }
            for (int r = 0; r < plan.returns.length; r++) {
                int op = plan.returns[r];
                if (outputOf[op] != r) continue;
                DType t = outDtype[op];
                String arr = t == DType.BOOL ? "boolean[]" : jtype(t) + "[]";
                line(2, "// output " + r + ": %" + plan.ops.get(op).valueName + " (" + t.irName() + ")");
                line(2, "final " + arr + " o" + r + " = (" + arr + ") out[" + r + "];");
            }
            StringBuilder head = sb;
            StringBuilder body = new StringBuilder();
            sb = body;
            for (int i = 0; i < nOps; i++) if (!inlined[i]) emitOp(i);
            sb = head;
            line(2, "final int tile = Math.min(" + TILE + ", hi - lo);");
            for (String b : loops.floatBuffers) line(2, "final float[] " + b + " = new float[tile];");
            for (String b : loops.doubleBuffers) line(2, "final double[] " + b + " = new double[tile];");
            for (int b = 0; b < stagedFloat; b++) line(2, "final float[] sf" + b + " = new float[tile];");
            for (int b = 0; b < stagedDouble; b++) line(2, "final double[] sd" + b + " = new double[tile];");
            line(2, "for (int s = lo; s < hi; ) {");
            if (split) {
                line(3, "final int row = s / inner;");
                line(3, "final int j = s - row * inner;");
                line(3, "final int e = Math.min(hi - s < " + TILE + " ? hi : s + " + TILE + ", s - j + inner);");
            } else {
                line(3, "final int e = hi - s < " + TILE + " ? hi : s + " + TILE + ";");
            }
            line(3, "final int len = e - s;");
            for (int i = 0; i < codes.length; i++) {
                int c = codes[i];
                if (ParamCode.isTensor(c) && ParamCode.layout(c) == Layout.OUTER) {
                    DType t = ParamCode.dtype(c);
                    line(3, "final " + reprType(t) + " u" + i + " = " + load(t, "p" + i, "row") + "; // " + paramName(i) + " at this row");
                }
            }
            sb.append(body);
            line(3, "s = e;");
            line(2, "}");
            line(1, "}");
            line(0, "}");
        }

        /** The Java type a parameter's elements are held in: bool tensors as float 0/1. */
        String reprType(DType t) {
            return t == DType.FLOAT64 ? "double" : "float";
        }

        String load(DType t, String array, String index) {
            return t == DType.BOOL ? "(" + array + "[" + index + "] ? 1f : 0f)" : array + "[" + index + "]";
        }

        /** The Java type of a value: double for scalars/constants, else the element or compute type. */
        DType repr(GroupPlan.Ref r) {
            switch (r.source) {
                case CONST:
                    return DType.FLOAT64;
                case PARAM: {
                    int c = codes[r.index];
                    if (!ParamCode.isTensor(c)) return DType.FLOAT64;
                    return ParamCode.dtype(c) == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
                }
                default:
                    return compute[r.index];
            }
        }

        String valueAt(GroupPlan.Ref r) {
            switch (r.source) {
                case CONST:
                    return "c" + r.index;
                case PARAM: {
                    int c = codes[r.index];
                    if (!ParamCode.isTensor(c)) return "u" + r.index;
                    switch (ParamCode.layout(c)) {
                        case FULL: return load(ParamCode.dtype(c), "p" + r.index, "s + k");
                        case INNER: return load(ParamCode.dtype(c), "p" + r.index, "j + k");
                        default: return "u" + r.index;
                    }
                }
                default: {
                    int o = r.index;
                    return uniform[o] ? "v" + o : buffer[o];
                }
            }
        }

        /** The Java expression of an op's value, with inlined operands expanded and staged leaves renamed. */
        String expression(int i, java.util.Map<String, String> staged) {
            return "(" + jtype(compute[i]) + ") (" + render(plan.ops.get(i).expression, i, staged) + ")";
        }

        /** Java code for {@code e} in op i's compute dtype; every operand is converted to that dtype. */
        String render(ScalarExpr e, int i, java.util.Map<String, String> staged) {
            switch (e.kind()) {
                case OPERAND: {
                    GroupPlan.Ref r = plan.ops.get(i).operands[e.operand()];
                    String v = r.source == GroupPlan.Source.OP && inlined[r.index] ? expression(r.index, staged)
                            : staged.getOrDefault(valueAt(r), valueAt(r));
                    String atom = ATOM.matcher(v).matches() ? v : "(" + v + ")";
                    return repr(r) == compute[i] ? atom : "((" + jtype(compute[i]) + ") " + atom + ")";
                }
                case CONSTANT:
                    return constant(e.value(), compute[i]);
                case NEG:
                    return "-" + operand(e.args().get(0), i, staged);
                case CALL: {
                    List<String> args = new ArrayList<>();
                    for (ScalarExpr a : e.args()) args.add(render(a, i, staged));
                    return "FastMath." + e.function().javaName() + "(" + String.join(", ", args) + ")";
                }
                case SELECT:
                    return "(" + condition(e.args().get(0), i, staged) + " ? " + render(e.args().get(1), i, staged) + " : "
                            + render(e.args().get(2), i, staged) + ")";
                default:
                    if (e.kind().isComparison()) return "(" + condition(e, i, staged) + " ? 1 : 0)";
                    return operand(e.args().get(0), i, staged) + " " + e.kind().symbol() + " " + operand(e.args().get(1), i, staged);
            }
        }

        /** A comparison as a Java boolean expression. */
        String condition(ScalarExpr e, int i, java.util.Map<String, String> staged) {
            return operand(e.args().get(0), i, staged) + " " + e.kind().symbol() + " " + operand(e.args().get(1), i, staged);
        }

        /** An operand of a Java operator: parenthesized unless it is a leaf or a call. */
        String operand(ScalarExpr e, int i, java.util.Map<String, String> staged) {
            String code = render(e, i, staged);
            boolean bare = e.kind() == ScalarExpr.Kind.OPERAND || e.kind() == ScalarExpr.Kind.CALL
                    || e.kind() == ScalarExpr.Kind.CONSTANT && !code.startsWith("-");
            return bare ? code : "(" + code + ")";
        }

        /** The varying values a root's loop reads from arrays (params and other loops' buffers), each once. */
        List<GroupPlan.Ref> leaves(int rootOp) {
            List<GroupPlan.Ref> out = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (int j : loops.loopOps(rootOp)) {
                for (GroupPlan.Ref r : plan.ops.get(j).operands) {
                    if (r.source == GroupPlan.Source.OP && inlined[r.index] || isUniform(r)) continue;
                    String v = valueAt(r);
                    if (seen.contains(v)) continue;
                    seen.add(v);
                    out.add(r);
                }
            }
            return out;
        }

        /**
         * An op {@link VectorMath} evaluates: one call over the tile, when its operand is an array
         * of the op's compute type (not a bool tensor, not a converted value). False if not.
         */
        boolean emitVectorCall(int i) {
            GroupPlan.Ref r = plan.ops.get(i).operands[0];
            if (vectorFunction[i] < 0 || isUniform(r) || repr(r) != compute[i]) return false;
            Matcher in = ARRAY_AT.matcher(valueAt(r));
            Matcher to = ARRAY_AT.matcher(buffer[i]);
            if (!in.matches() || !to.matches()) return false;
            line(3, "VectorMath.apply(" + vectorFunction[i] + ", " + in.group(1) + ", " + (in.group(2) == null ? "0" : in.group(2)) + ", "
                    + to.group(1) + ", " + (to.group(2) == null ? "0" : to.group(2)) + ", len); // "
                    + VectorMath.FUNCTIONS.get(vectorFunction[i]).javaName() + " with the Vector API");
            return true;
        }

        void emitOp(int i) {
            for (int j : loops.loopOps(i)) line(3, "// " + plan.ops.get(j).irLine);
            if (emitVectorCall(i)) {
                int r = outputOf[i];
                if (r >= 0 && region[i] != r) line(3, "for (int k = 0; k < len; k++) o" + r + "[s + k] = " + buffer[i] + ";");
                return;
            }
            java.util.Map<String, String> staged = new java.util.HashMap<>();
            String target = uniform[i] ? null : buffer[i];
            String copyTo = null;
            if (loopPolynomials[i] > 0) {
                // a big loop vectorizes only if every access uses one index: copy the others to tiles first
                String index = indexOf(target);
                List<GroupPlan.Ref> leaves = leaves(i);
                boolean mixed = false;
                for (GroupPlan.Ref r : leaves) mixed |= !valueAt(r).endsWith("[" + index + "]");
                int f = 0;
                int d = 0;
                if (mixed && !index.equals("k")) {
                    copyTo = target;
                    target = (compute[i] == DType.FLOAT64 ? "sd" + d++ : "sf" + f++) + "[k]";
                    index = "k";
                }
                for (GroupPlan.Ref r : leaves) {
                    String v = valueAt(r);
                    if (v.endsWith("[" + index + "]")) continue;
                    String name = (repr(r) == DType.FLOAT64 ? "sd" + d++ : "sf" + f++) + "[k]";
                    line(3, "for (int k = 0; k < len; k++) " + name + " = " + v + ";");
                    staged.put(v, name);
                }
                stagedFloat = Math.max(stagedFloat, f);
                stagedDouble = Math.max(stagedDouble, d);
            }
            String expr = expression(i, staged);
            if (uniform[i]) {
                line(3, "final " + jtype(compute[i]) + " v" + i + " = " + expr + ";");
            } else {
                line(3, "for (int k = 0; k < len; k++) " + target + " = " + expr + ";");
                if (copyTo != null) line(3, "for (int k = 0; k < len; k++) " + copyTo + " = " + target + ";");
            }
            int r = outputOf[i];
            if (r >= 0 && region[i] != r) {
                String v = uniform[i] ? "v" + i : buffer[i];
                String store = outDtype[i] == DType.BOOL ? v + " != 0" : v;
                line(3, "for (int k = 0; k < len; k++) o" + r + "[s + k] = " + store + ";");
            }
        }

        private static String indexOf(String ref) {
            return ref.substring(ref.indexOf('[') + 1, ref.length() - 1);
        }
    }
}
