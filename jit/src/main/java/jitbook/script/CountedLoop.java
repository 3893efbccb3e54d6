package jitbook.script;

import java.util.List;
import java.util.Set;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;

import jitbook.ir.Type;

/**
 * Recognizes {@code for (int i = a; i < b; i++)} (or {@code <=}, {@code ++i}, {@code i += 1})
 * where the body never assigns {@code i} and cannot change {@code b}: such a loop runs exactly
 * {@code b - a} times, so it lowers to a counted prim::Loop.
 */
final class CountedLoop {
    final String name;
    final Type type;
    final ExpressionTree start;
    final ExpressionTree bound;
    final boolean inclusive;

    private CountedLoop(String name, Type type, ExpressionTree start, ExpressionTree bound, boolean inclusive) {
        this.name = name;
        this.type = type;
        this.start = start;
        this.bound = bound;
        this.inclusive = inclusive;
    }

    static boolean matches(ForLoopTree f, Lowering lw) {
        return of(f, lw) != null;
    }

    static CountedLoop of(ForLoopTree f, Lowering lw) {
        List<? extends StatementTree> init = f.getInitializer();
        if (init.size() != 1 || !(init.get(0) instanceof VariableTree) || f.getUpdate().size() != 1) return null;
        VariableTree v = (VariableTree) init.get(0);
        String name = v.getName().toString();
        String typeName = v.getType() == null ? "" : v.getType().toString();
        Type type = typeName.equals("int") ? Type.INT : typeName.equals("long") ? Type.LONG : null;
        if (type == null || v.getInitializer() == null) return null;
        if (!(f.getCondition() instanceof BinaryTree)) return null;
        BinaryTree cond = (BinaryTree) f.getCondition();
        boolean inclusive;
        if (cond.getKind() == Tree.Kind.LESS_THAN) inclusive = false;
        else if (cond.getKind() == Tree.Kind.LESS_THAN_EQUAL) inclusive = true;
        else return null;
        if (!isName(cond.getLeftOperand(), name)) return null;
        if (!isIncrement(f.getUpdate().get(0), name)) return null;
        Set<String> assigned = TreeFacts.assignedNames(f.getStatement());
        if (assigned.contains(name)) return null;
        if (!stable(cond.getRightOperand(), assigned, lw)) return null;
        return new CountedLoop(name, type, v.getInitializer(), cond.getRightOperand(), inclusive);
    }

    private static boolean isName(ExpressionTree e, String name) {
        return e instanceof IdentifierTree && ((IdentifierTree) e).getName().contentEquals(name);
    }

    private static boolean isIncrement(ExpressionStatementTree u, String name) {
        ExpressionTree e = u.getExpression();
        if (e instanceof UnaryTree && (e.getKind() == Tree.Kind.POSTFIX_INCREMENT || e.getKind() == Tree.Kind.PREFIX_INCREMENT)) {
            return isName(((UnaryTree) e).getExpression(), name);
        }
        if (e instanceof CompoundAssignmentTree && e.getKind() == Tree.Kind.PLUS_ASSIGNMENT) {
            CompoundAssignmentTree c = (CompoundAssignmentTree) e;
            return isName(c.getVariable(), name) && c.getExpression() instanceof LiteralTree
                    && Integer.valueOf(1).equals(((LiteralTree) c.getExpression()).getValue());
        }
        return false;
    }

    /** A bound the body cannot change: a literal, a variable it does not assign, or a tensor's size. */
    private static boolean stable(ExpressionTree b, Set<String> assigned, Lowering lw) {
        if (b instanceof LiteralTree) return true;
        if (b instanceof IdentifierTree) {
            String n = ((IdentifierTree) b).getName().toString();
            Env.Var v = lw.env.lookup(n);
            return v != null && !assigned.contains(n) && (v.type == Type.INT || v.type == Type.LONG);
        }
        if (b instanceof MethodInvocationTree) {
            MethodInvocationTree m = (MethodInvocationTree) b;
            if (m.getMethodSelect() instanceof MemberSelectTree) {
                MemberSelectTree s = (MemberSelectTree) m.getMethodSelect();
                String method = s.getIdentifier().toString();
                if ((method.equals("size") || method.equals("numel") || method.equals("dim")) && s.getExpression() instanceof IdentifierTree) {
                    String recv = ((IdentifierTree) s.getExpression()).getName().toString();
                    Env.Var v = lw.env.lookup(recv);
                    return v != null && v.type != null && v.type.isTensor() && !assigned.contains(recv);
                }
            }
        }
        if (b instanceof com.sun.source.tree.ArrayAccessTree) {
            ExpressionTree arr = ((com.sun.source.tree.ArrayAccessTree) b).getExpression();
            if (arr instanceof MethodInvocationTree && ((MethodInvocationTree) arr).getMethodSelect() instanceof MemberSelectTree) {
                MemberSelectTree s = (MemberSelectTree) ((MethodInvocationTree) arr).getMethodSelect();
                if (s.getIdentifier().contentEquals("shape") && s.getExpression() instanceof IdentifierTree) {
                    String recv = ((IdentifierTree) s.getExpression()).getName().toString();
                    Env.Var v = lw.env.lookup(recv);
                    return v != null && v.type != null && v.type.isTensor() && !assigned.contains(recv)
                            && ((com.sun.source.tree.ArrayAccessTree) b).getIndex() instanceof LiteralTree;
                }
            }
        }
        return false;
    }
}
