package jitbook.passes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.ShapeArgs;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.DType;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpNames;
import jitbook.ops.TensorSpec;

/**
 * Peephole algebra: a table of local rules indexed by op name, each with its algebra in a
 * comment. Every rule is exact for every input it fires on, including NaN, infinities and the
 * sign of zero; where that depends on types, the rule checks them:
 * <ul>
 * <li>Identities that return an operand ({@code x * 1 -> x}) fire only when the result's dtype
 *     and shape are known to equal the operand's: broadcasting against a tensor can grow the
 *     shape, and a float scalar turns an integer tensor into a float one.</li>
 * <li>{@code x + 0 -> x} holds only for integers ({@code -0.0 + 0.0} is {@code +0.0});
 *     {@code x + (-0.0) -> x} and {@code x - 0 -> x} hold for floats too.</li>
 * <li>{@code x - x -> 0} holds only for integers: for floats, inf - inf and NaN - NaN are NaN.</li>
 * <li>Shape queries ({@code size}, {@code numel}) fold only when the shape is known, which the
 *     executor guarantees by specializing graphs to the shapes that actually arrive.</li>
 * </ul>
 */
public final class Peephole extends RewritePass {
    public Peephole() {
        super("peephole", table());
    }

    /** The rules, in the order they are tried for each op. */
    public static List<RewriteRule> table() {
        List<RewriteRule> r = new ArrayList<>();
        // ---- tensor arithmetic --------------------------------------------------------------
        // x * 1 -> x,  1 * x -> x   (exact for every float, including NaN and -0.0)
        r.add(RewriteRule.of("mul-one", OpNames.MUL, n -> identityOperand(n, 1.0)));
        // x / 1 -> x
        r.add(RewriteRule.of("div-one", OpNames.DIV, n -> isOne(n.input(1)) && keepsType(n, n.input(0)) ? n.input(0) : null));
        // x + (-0.0) -> x always;  x + 0 -> x for integer tensors only (-0.0 + 0.0 = +0.0)
        r.add(RewriteRule.of("add-zero", OpNames.ADD, Peephole::addZero));
        // x - 0 -> x   (-0.0 - 0.0 = -0.0: exact for floats too)
        r.add(RewriteRule.of("sub-zero", OpNames.SUB, n -> isZero(n.input(1)) && keepsType(n, n.input(0)) ? n.input(0) : null));
        // x - x -> zeros(shape(x)) for integer tensors of known shape (inf - inf is NaN for floats)
        r.add(RewriteRule.of("sub-self", OpNames.SUB, Peephole::subSelf));
        // neg(neg(x)) -> x
        r.add(RewriteRule.of("neg-neg", OpNames.NEG, n -> inner(n, OpNames.NEG) != null && sameType(n.output(), inner(n, OpNames.NEG).input(0))
                ? inner(n, OpNames.NEG).input(0) : null));
        // ---- layout ----------------------------------------------------------------------------
        // transpose(transpose(x, a, b), a, b) -> x   (also with (b, a): the same swap)
        r.add(RewriteRule.of("transpose-transpose", OpNames.TRANSPOSE, Peephole::doubleTranspose));
        // t(t(x)) -> x
        r.add(RewriteRule.of("t-t", OpNames.T, n -> inner(n, OpNames.T) != null ? inner(n, OpNames.T).input(0) : null));
        // permute(permute(x, p), q) -> x   when p[q[i]] == i for all i
        r.add(RewriteRule.of("permute-permute", OpNames.PERMUTE, Peephole::doublePermute));
        // reshape(x, s) -> x   when x's shape is known and equals s
        r.add(RewriteRule.of("reshape-same", OpNames.RESHAPE, n -> sameShapeAsList(n.input(0), n.input(1)) ? n.input(0) : null));
        // reshape(reshape(x, s1), s2) -> reshape(x, s2)   (x's shape known, so the inner one is valid)
        r.add(RewriteRule.of("reshape-reshape", OpNames.RESHAPE, Peephole::reshapeReshape));
        // reshape_as(x, y), expand_as(x, y) -> x   when shapes are known and equal
        r.add(RewriteRule.of("reshape-as-same", OpNames.RESHAPE_AS, n -> knownSameShape(n.input(0), n.input(1)) ? n.input(0) : null));
        r.add(RewriteRule.of("expand-as-same", OpNames.EXPAND_AS, n -> knownSameShape(n.input(0), n.input(1)) ? n.input(0) : null));
        // expand(x, s) -> x   when x's shape is known and equals s
        r.add(RewriteRule.of("expand-same", OpNames.EXPAND, n -> sameShapeAsList(n.input(0), n.input(1)) ? n.input(0) : null));
        // squeeze(unsqueeze(x, d), d) -> x
        r.add(RewriteRule.of("squeeze-unsqueeze", OpNames.SQUEEZE, Peephole::squeezeUnsqueeze));
        // to(x, dtype) -> x,  type_as(x, y) -> x   when x already has that dtype
        r.add(RewriteRule.of("to-same", OpNames.TO, n -> sameType(n.output(), n.input(0)) ? n.input(0) : null));
        r.add(RewriteRule.of("type-as-same", OpNames.TYPE_AS, n -> sameType(n.output(), n.input(0)) ? n.input(0) : null));
        // ---- shape queries (known shapes only) --------------------------------------------------
        // size(x, d) -> x.shape[d];  numel(x) -> prod(x.shape)
        r.add(RewriteRule.of("size-known", OpNames.SIZE, Peephole::sizeKnown));
        r.add(RewriteRule.of("numel-known", OpNames.NUMEL, Peephole::numelKnown));
        // ---- scalars -------------------------------------------------------------------------
        // a + 0 -> a,  0 + a -> a   (ints; result of a's type)
        r.add(RewriteRule.of("scalar-add-zero", OpNames.SCALAR_ADD, n -> scalarIdentity(n, 0.0, true, true)));
        // a - 0 -> a   (ints and floats: -0.0 - 0 = -0.0)
        r.add(RewriteRule.of("scalar-sub-zero", OpNames.SCALAR_SUB, n -> scalarIdentity(n, 0.0, false, false)));
        // a * 1 -> a,  1 * a -> a
        r.add(RewriteRule.of("scalar-mul-one", OpNames.SCALAR_MUL, n -> scalarIdentity(n, 1.0, true, false)));
        // a / 1 -> a
        r.add(RewriteRule.of("scalar-div-one", OpNames.SCALAR_DIV, n -> scalarIdentity(n, 1.0, false, false)));
        // a * 0 -> 0,  0 * a -> 0   (ints only: for floats inf * 0 and nan * 0 are nan)
        r.add(RewriteRule.of("scalar-mul-zero", OpNames.SCALAR_MUL, n -> n.output().type().isIntegral()
                && n.input(0).type().isIntegral() && n.input(1).type().isIntegral()
                && (GraphEdits.isNumber(n.input(0), 0) || GraphEdits.isNumber(n.input(1), 0))
                ? GraphEdits.constant(n.graph(), 0L, n.output().type()) : null));
        // a - a -> 0   (ints only)
        r.add(RewriteRule.of("scalar-sub-self", OpNames.SCALAR_SUB, n -> n.input(0) == n.input(1) && n.output().type().isIntegral()
                && n.input(0).type().equals(n.output().type()) ? GraphEdits.constant(n.graph(), 0L, n.output().type()) : null));
        // -(-a) -> a;  !!b -> b
        r.add(RewriteRule.of("scalar-neg-neg", OpNames.SCALAR_NEG, n -> inner(n, OpNames.SCALAR_NEG) != null
                && inner(n, OpNames.SCALAR_NEG).input(0).type().equals(n.output().type()) ? inner(n, OpNames.SCALAR_NEG).input(0) : null));
        r.add(RewriteRule.of("not-not", OpNames.SCALAR_NOT, n -> inner(n, OpNames.SCALAR_NOT) != null
                && inner(n, OpNames.SCALAR_NOT).input(0).type() == Type.BOOL ? inner(n, OpNames.SCALAR_NOT).input(0) : null));
        return r;
    }

    /** Runs the table, then the one structural rule: {@code If(c) {-> a} else {-> a}  ->  a} per output. */
    @Override
    public boolean run(Graph graph, PassContext ctx) {
        boolean changed = super.run(graph, ctx);
        for (Node n : graph.allNodes()) {
            if (n.is(Prim.IF) && n.owningBlock().indexOf(n) >= 0) changed |= sameIfResults(n);
        }
        return changed;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Node inner(Node n, String kind) {
        Node p = n.input(0).producer();
        return p != null && p.kind().equals(kind) ? p : null;
    }

    private static Type.TensorType tensorType(Value v) {
        return v.type() instanceof Type.TensorType ? (Type.TensorType) v.type() : null;
    }

    private static boolean fullShape(Type.TensorType t) {
        return t != null && t.shape != null && new TensorSpec(DType.FLOAT32, t.shape).hasShape();
    }

    /** Both tensors with the same known dtype and the same fully known shape. */
    static boolean sameType(Value a, Value b) {
        Type.TensorType x = tensorType(a);
        Type.TensorType y = tensorType(b);
        return x != null && y != null && x.dtype != null && x.dtype == y.dtype && fullShape(x) && fullShape(y)
                && Arrays.equals(x.shape, y.shape);
    }

    private static boolean knownSameShape(Value a, Value b) {
        Type.TensorType x = tensorType(a);
        Type.TensorType y = tensorType(b);
        return fullShape(x) && fullShape(y) && Arrays.equals(x.shape, y.shape);
    }

    private static boolean sameShapeAsList(Value x, Value list) {
        Type.TensorType t = tensorType(x);
        if (!fullShape(t) || !list.isConstant() || !(list.constantValue() instanceof long[])) return false;
        return Arrays.equals(t.shape, (long[]) list.constantValue());
    }

    /**
     * Whether {@code n}'s result certainly has {@code x}'s dtype and shape, by the op's own shape
     * rule on what is known: {@code x} a tensor of known dtype; every other operand a number (a
     * scalar broadcasts to x's shape) or a tensor whose broadcast with x is x's known shape.
     */
    static boolean keepsType(Node n, Value x) {
        Type.TensorType xt = tensorType(x);
        OpDef op = n.op();
        if (xt == null || xt.dtype == null || op == null || op.shapeRule() == null) return false;
        Object[] args = ShapeArgs.of(n);
        if (args == null) return false;
        TensorSpec p;
        try {
            p = op.shapeRule().infer(args);
        } catch (RuntimeException e) {
            return false;
        }
        if (p.dtype != xt.dtype) return false;
        boolean othersScalar = true;
        for (Value v : n.inputs()) {
            if (v != x && v.type().isTensor()) othersScalar = false;
        }
        if (othersScalar) return true;
        return fullShape(xt) && p.hasShape() && Arrays.equals(p.shape, xt.shape);
    }

    /** A constant number or tensor whose every element equals {@code x} (sign of zero included). */
    static boolean isAll(Value v, double x) {
        if (!v.isConstant()) return false;
        Object c = v.constantValue();
        if (c instanceof NdArray) {
            NdArray a = (NdArray) c;
            if (a.numel() == 0) return false;
            for (int i = 0; i < a.numel(); i++) {
                double d = a.getDouble(i);
                if (d != x || (1 / d > 0) != (1 / x > 0)) return false;
            }
            return a.dtype() != DType.BOOL;
        }
        return GraphEdits.isNumber(v, x);
    }

    private static boolean isOne(Value v) {
        return isAll(v, 1.0);
    }

    private static boolean isZero(Value v) {
        return isAll(v, 0.0) || isAll(v, -0.0);
    }

    private static Value identityOperand(Node n, double unit) {
        if (isAll(n.input(1), unit) && keepsType(n, n.input(0))) return n.input(0);
        if (isAll(n.input(0), unit) && keepsType(n, n.input(1))) return n.input(1);
        return null;
    }

    private static boolean integral(Value v) {
        Type.TensorType t = tensorType(v);
        return t != null && t.dtype == DType.INT64;
    }

    private static Value addZero(Node n) {
        for (int i = 0; i < 2; i++) {
            Value x = n.input(i);
            Value z = n.input(1 - i);
            boolean ok = isAll(z, -0.0) || isAll(z, 0.0) && integral(x);
            if (ok && keepsType(n, x)) return x;
        }
        return null;
    }

    private static Value subSelf(Node n) {
        Value x = n.input(0);
        if (x != n.input(1) || !integral(x) || !integral(n.output())) return null;
        Type.TensorType t = tensorType(x);
        if (!fullShape(t)) return null;
        NdArray zeros = NdArray.zeros(DType.INT64, t.shape);
        return GraphEdits.insertConstant(n.graph(), zeros, new Type.TensorType(DType.INT64, t.shape));
    }

    private static Long longConst(Value v) {
        if (!v.isConstant() || !(v.constantValue() instanceof Number) || v.constantValue() instanceof Double
                || v.constantValue() instanceof Float) return null;
        return ((Number) v.constantValue()).longValue();
    }

    private static Value doubleTranspose(Node n) {
        Node p = inner(n, OpNames.TRANSPOSE);
        if (p == null) return null;
        Long a = longConst(n.input(1));
        Long b = longConst(n.input(2));
        Long c = longConst(p.input(1));
        Long d = longConst(p.input(2));
        if (a == null || b == null || c == null || d == null) return null;
        boolean same = a.equals(c) && b.equals(d) || a.equals(d) && b.equals(c);
        return same ? p.input(0) : null;
    }

    private static Value doublePermute(Node n) {
        Node p = inner(n, OpNames.PERMUTE);
        if (p == null || !n.input(1).isConstant() || !p.input(1).isConstant()) return null;
        if (!(n.input(1).constantValue() instanceof long[]) || !(p.input(1).constantValue() instanceof long[])) return null;
        long[] q = (long[]) n.input(1).constantValue();
        long[] pp = (long[]) p.input(1).constantValue();
        int r = q.length;
        if (pp.length != r) return null;
        for (int i = 0; i < r; i++) {
            long qi = q[i] < 0 ? q[i] + r : q[i];
            if (qi < 0 || qi >= r) return null;
            long v = pp[(int) qi] < 0 ? pp[(int) qi] + r : pp[(int) qi];
            if (v != i) return null;
        }
        return p.input(0);
    }

    private static Value reshapeReshape(Node n) {
        Node p = inner(n, OpNames.RESHAPE);
        if (p == null || !fullShape(tensorType(p.input(0))) || !fullShape(tensorType(p.output()))) return null;
        return RewriteRule.emit(n, OpNames.RESHAPE, n.output().type(), p.input(0), n.input(1));
    }

    private static Value squeezeUnsqueeze(Node n) {
        Node p = inner(n, OpNames.UNSQUEEZE);
        if (p == null || n.inputs().size() < 2) return null;
        Long a = longConst(n.input(1));
        Long b = longConst(p.input(1));
        return a != null && a.equals(b) ? p.input(0) : null;
    }

    private static Value sizeKnown(Node n) {
        Type.TensorType t = tensorType(n.input(0));
        Long d = longConst(n.input(1));
        if (t == null || t.shape == null || d == null || !n.output().type().isNumber()) return null;
        int r = t.shape.length;
        long k = d < 0 ? d + r : d;
        if (k < 0 || k >= r || t.shape[(int) k] < 0) return null;
        return GraphEdits.constant(n.graph(), t.shape[(int) k], n.output().type());
    }

    private static Value numelKnown(Node n) {
        Type.TensorType t = tensorType(n.input(0));
        if (!fullShape(t) || !n.output().type().isNumber()) return null;
        long p = 1;
        for (long s : t.shape) p *= s;
        return GraphEdits.constant(n.graph(), p, n.output().type());
    }

    /** {@code a op unit -> a} (and {@code unit op a} when {@code commutes}) where the result has a's scalar type; {@code intsOnly} for additive zero. */
    private static Value scalarIdentity(Node n, double unit, boolean commutes, boolean intsOnly) {
        Type out = n.output().type();
        for (int i = 0; i < (commutes ? 2 : 1); i++) {
            Value a = n.input(i);
            Value u = n.input(1 - i);
            if (!a.type().equals(out) || !out.isNumber() || intsOnly && !out.isIntegral()) continue;
            if (!u.isConstant() || !(u.constantValue() instanceof Number)) continue;
            // an int unit keeps an int result int; a float unit with an int a would change the type (caught above)
            if (GraphEdits.isNumber(u, unit)) return a;
        }
        return null;
    }

    private static boolean sameIfResults(Node n) {
        boolean changed = false;
        Block a = n.blocks().get(0);
        Block b = n.blocks().get(1);
        for (int i = 0; i < n.outputs().size(); i++) {
            Value ra = a.returns().get(i);
            Value rb = b.returns().get(i);
            Value out = n.outputs().get(i);
            if (ra != rb || isInside(ra, n) || (out.uses().isEmpty() && !out.isReturned())) continue;
            if (!ra.type().equals(out.type()) && !(ra.type().isTensor() && out.type().isTensor())) continue;
            out.replaceAllUsesWith(ra);
            changed = true;
        }
        return changed;
    }

    /** Whether {@code v} is defined inside one of {@code n}'s blocks. */
    private static boolean isInside(Value v, Node n) {
        if (v.producer() != null) return GraphEdits.isNestedIn(v.producer(), n);
        Block p = v.paramOf();
        if (p == null || p.owningNode() == null) return false;
        Node owner = p.owningNode();
        return owner == n || GraphEdits.isNestedIn(owner, n);
    }
}
