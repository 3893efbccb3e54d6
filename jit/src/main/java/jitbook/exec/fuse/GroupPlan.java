package jitbook.exec.fuse;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jitbook.exec.Constants;
import jitbook.ir.Block;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Value;
import jitbook.ops.OpDef;
import jitbook.ops.OpTrait;
import jitbook.ops.ScalarExpr;

/**
 * What a {@code prim::FusionGroup}'s block computes, read once when the interpreter plans the
 * graph and kept independent of the IR afterwards: the ops in order, where each operand comes
 * from (a block parameter, an earlier op, a scalar constant), the returned ops, and for each
 * returned op which parameters it depends on. If the block holds anything a generated loop cannot
 * express, {@link #reason()} says what, and the group always runs in the interpreter.
 */
final class GroupPlan {
    /** Where an operand comes from. */
    enum Source { PARAM, OP, CONST }

    static final class Ref {
        final Source source;
        final int index;

        Ref(Source source, int index) {
            this.source = source;
            this.index = index;
        }

        @Override
        public String toString() {
            return (source == Source.PARAM ? "p" : source == Source.OP ? "n" : "c") + index;
        }
    }

    /** One elementwise op of the block. */
    static final class Op {
        final OpDef def;
        final ScalarExpr expression;
        final Ref[] operands;
        final String irLine;
        final String valueName;
        /** Bit i set when the op (transitively) reads parameter i. */
        final long paramMask;

        Op(OpDef def, Ref[] operands, String irLine, String valueName, long paramMask) {
            this.def = def;
            this.expression = def.fusedExpression();
            this.operands = operands;
            this.irLine = irLine;
            this.valueName = valueName;
            this.paramMask = paramMask;
        }
    }

    final List<String> paramNames = new ArrayList<>();
    final List<Object> constants = new ArrayList<>();
    final List<String> constantNames = new ArrayList<>();
    final List<Op> ops = new ArrayList<>();
    /** For each group output, the index of the op it returns. */
    int[] returns = new int[0];
    final String where;
    private String reason;

    private GroupPlan(String where) {
        this.where = where;
    }

    /** Why this group can never be compiled, or null. */
    String reason() {
        return reason;
    }

    static GroupPlan of(Node group) {
        GroupPlan g = new GroupPlan(group.source() == null ? "" : group.source().toString());
        try {
            g.read(group);
        } catch (RuntimeException e) {
            g.reason = "cannot read the group: " + e;
        }
        return g;
    }

    private void read(Node group) {
        if (group.blocks().size() != 1) {
            reason = "a fusion group must own exactly one block";
            return;
        }
        Block b = group.blocks().get(0);
        if (b.params().size() > 63) {
            reason = "more than 63 inputs";
            return;
        }
        Map<Value, Ref> refs = new IdentityHashMap<>();
        for (int i = 0; i < b.params().size(); i++) {
            refs.put(b.params().get(i), new Ref(Source.PARAM, i));
            paramNames.add(b.params().get(i).name());
        }
        List<Long> masks = new ArrayList<>();
        for (Node n : b.nodes()) {
            if (n.is(Prim.CONSTANT)) {
                Object v = Constants.runtimeValue(n);
                if (!(v instanceof Number || v instanceof Boolean)) {
                    reason = "constant %" + n.output().name() + " is not a number or bool";
                    return;
                }
                refs.put(n.output(), new Ref(Source.CONST, constants.size()));
                constants.add(v);
                constantNames.add(n.output().name());
                continue;
            }
            String line = n.toString().trim();
            if (Prim.isPrim(n.kind()) || !n.blocks().isEmpty() || n.outputs().size() != 1) {
                reason = "not an elementwise op: " + line;
                return;
            }
            OpDef def = n.op();
            if (!def.has(OpTrait.ELEMENTWISE) || def.fusedExpression() == null) {
                reason = n.kind() + " has no fused expression: " + line;
                return;
            }
            int used = def.fusedExpression().arity();
            if (n.inputs().size() < used || n.inputs().size() > 3) {
                reason = n.kind() + " with " + n.inputs().size() + " operands does not match its fused expression '"
                        + def.fusedExpression() + "': " + line;
                return;
            }
            Ref[] operands = new Ref[n.inputs().size()];
            long mask = 0;
            for (int i = 0; i < operands.length; i++) {
                Ref r = refs.get(n.input(i));
                if (r == null) {
                    reason = "operand %" + n.input(i).name() + " is defined outside the group: " + line;
                    return;
                }
                operands[i] = r;
                if (r.source == Source.PARAM) mask |= 1L << r.index;
                if (r.source == Source.OP) mask |= masks.get(r.index);
            }
            refs.put(n.output(), new Ref(Source.OP, ops.size()));
            masks.add(mask);
            ops.add(new Op(def, operands, line, n.output().name(), mask));
        }
        if (ops.isEmpty()) {
            reason = "the group has no ops";
            return;
        }
        returns = new int[b.returns().size()];
        for (int i = 0; i < returns.length; i++) {
            Ref r = refs.get(b.returns().get(i));
            if (r == null || r.source != Source.OP) {
                reason = "output " + i + " (%" + b.returns().get(i).name() + ") is not computed by an op of the group";
                return;
            }
            returns[i] = r.index;
        }
    }
}
