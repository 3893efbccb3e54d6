package jitbook.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;

import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * {@code switch} on an int, a String or an enum, lowered to a chain of If nodes: each case group
 * tests its labels in order, {@code default} is the final else. Cases must end with
 * {@code break} (or return/throw, or be the last); fall-through from one case into the next is
 * outside the subset. Arrow cases ({@code case A -> ...}) work too.
 */
final class Switches {
    private final Lowering lw;

    Switches(Lowering lw) {
        this.lw = lw;
    }

    /** One case group: its labels (empty for default) and its statements without the closing break. */
    private static final class Group {
        final List<ExpressionTree> labels = new ArrayList<>();
        final List<StatementTree> body = new ArrayList<>();
        boolean isDefault;
    }

    void lower(SwitchTree s) {
        Value selector = selector(s);
        List<Group> groups = groups(s, selector);
        Group def = groups.stream().filter(g -> g.isDefault).findFirst().orElse(null);
        emitChain(selector, tested(groups), 0, def);
    }

    /** For a switch whose cases return (outside loops): each path continues with {@code rest}. */
    List<Value> lowerReturning(SwitchTree s, List<? extends StatementTree> rest) {
        Value selector = selector(s);
        List<Group> groups = groups(s, selector);
        Group def = groups.stream().filter(g -> g.isDefault).findFirst().orElse(null);
        return returningFrom(selector, tested(groups), 0, def, rest);
    }

    /** The selector, a byte or short widened to int (Java compares the labels as ints). */
    private Value selector(SwitchTree s) {
        Value v = lw.expressions.lower(s.getExpression());
        return v.type() == Type.BYTE || v.type() == Type.SHORT ? lw.convertNumber(v, Type.INT) : v;
    }

    private List<Group> groups(SwitchTree s, Value selector) {
        Type t = selector.type();
        if (!(t == Type.INT || t == Type.LONG || t == Type.STR || t instanceof Type.EnumType)) {
            throw lw.error(s.getExpression(), "switch works on int, String and enums in the script subset, not " + ScriptTypes.article(t));
        }
        List<Group> out = new ArrayList<>();
        Group pending = null;
        List<? extends CaseTree> cases = s.getCases();
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            if (pending == null) pending = new Group();
            if (c.getExpressions().isEmpty()) pending.isDefault = true;
            pending.labels.addAll(c.getExpressions());
            List<StatementTree> stmts = new ArrayList<>();
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                if (c.getBody() instanceof StatementTree) stmts.addAll(Lowering.statementsOf((StatementTree) c.getBody()));
                else stmts.add(null);
            } else if (c.getStatements() != null) {
                stmts.addAll(c.getStatements());
            }
            if (stmts.isEmpty() && i < cases.size() - 1) continue; // `case A: case B:` share the next body
            openTrailingBlock(stmts);
            boolean ends = !stmts.isEmpty() && endsCase(stmts.get(stmts.size() - 1));
            if (!stmts.isEmpty() && stmts.get(stmts.size() - 1) instanceof BreakTree) stmts.remove(stmts.size() - 1);
            if (c.getCaseKind() == CaseTree.CaseKind.STATEMENT && !ends && i < cases.size() - 1) {
                throw lw.error(c, "fall-through into the next case is not in the script subset; end the case with break");
            }
            for (StatementTree st : stmts) {
                if (st != null && TreeFacts.containsLoopExit(st, false)) {
                    throw lw.error(st, "break inside a case is only allowed as its last statement");
                }
            }
            stmts.removeIf(java.util.Objects::isNull);
            pending.body.addAll(stmts);
            out.add(pending);
            pending = null;
        }
        return out;
    }

    /**
     * {@code case 0: { n += 5; break; }}: a case ending in a block is that block's statements, its
     * locals ending with it, followed by the break (or return) that ended the block.
     */
    private static void openTrailingBlock(List<StatementTree> stmts) {
        while (!stmts.isEmpty() && stmts.get(stmts.size() - 1) instanceof BlockTree) {
            List<StatementTree> inner = new ArrayList<>(((BlockTree) stmts.remove(stmts.size() - 1)).getStatements());
            StatementTree end = !inner.isEmpty() && endsCase(inner.get(inner.size() - 1)) ? inner.remove(inner.size() - 1) : null;
            stmts.addAll(ScopeEnd.closed(inner));
            if (end != null) stmts.add(end);
        }
    }

    private static boolean endsCase(StatementTree st) {
        switch (st.getKind()) {
            case BREAK: case RETURN: case THROW: case CONTINUE: return true;
            default: return false;
        }
    }

    private Value test(Value selector, Group g) {
        Value acc = null;
        for (ExpressionTree label : g.labels) {
            Value v = label(selector, label);
            Value eq = selector.type() == Type.STR ? lw.emit(OpNames.STR_EQUALS, Type.BOOL, selector, v)
                    : selector.type() instanceof Type.EnumType ? lw.emit(OpNames.SCALAR_EQ, Type.BOOL, selector, v)
                    : lw.emit(OpNames.SCALAR_EQ, Type.BOOL, selector, lw.convertNumber(v, selector.type()));
            acc = acc == null ? eq : lw.emit(OpNames.SCALAR_OR, Type.BOOL, acc, eq);
        }
        return acc;
    }

    /** A label: a constant, or an enum constant named bare as Java writes it in cases. */
    private Value label(Value selector, ExpressionTree label) {
        if (label instanceof IdentifierTree && lw.env.lookup(((IdentifierTree) label).getName().toString()) == null) {
            String name = ((IdentifierTree) label).getName().toString();
            for (ClassInfo c : lw.unit().classes().values()) {
                if (c.kind == ClassInfo.Kind.ENUM && c.enumConstants.containsKey(name) && c.type().equals(selector.type())) {
                    return lw.constant(c.enumValue(name), c.type());
                }
            }
        }
        return lw.expressions.lower(label);
    }

    /** The groups with labels to test (a default group with labels too is tested by them). */
    private static List<Group> tested(List<Group> groups) {
        List<Group> tested = new ArrayList<>(groups);
        tested.removeIf(g -> g.isDefault && g.labels.isEmpty());
        return tested;
    }

    private void emitChain(Value selector, List<Group> tested, int i, Group def) {
        if (i >= tested.size()) {
            if (def != null) lw.statements.lowerAll(ScopeEnd.closed(def.body), 0);
            return;
        }
        Group g = tested.get(i);
        Value cond = test(selector, g);
        Supplier<List<Value>> then = () -> lw.statements.lowerAll(g.body, 0);
        Supplier<List<Value>> orElse = () -> {
            emitChain(selector, tested, i + 1, def);
            return null;
        };
        if (cond == null) {
            then.get();
            return;
        }
        lw.statements.branches(cond, then, orElse);
    }

    private List<Value> returningFrom(Value selector, List<Group> tested, int i, Group def, List<? extends StatementTree> rest) {
        if (i >= tested.size()) {
            List<StatementTree> path = ScopeEnd.closed(def == null ? List.of() : def.body);
            path.addAll(rest);
            return lw.statements.lowerAll(path, 0);
        }
        Group g = tested.get(i);
        List<StatementTree> path = ScopeEnd.closed(g.body);
        path.addAll(rest);
        Value cond = test(selector, g);
        return lw.statements.returningBranches(cond, () -> lw.statements.lowerAll(path, 0),
                () -> returningFrom(selector, tested, i + 1, def, rest));
    }
}
