package jitbook.script;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;

/**
 * Which fields a constructor sets on every path that completes normally: Java's definite
 * assignment (JLS 16) for {@code this.f = ...} and {@code f = ...}, simplified to the subset.
 * An if sets what both branches set (a branch that returns or throws sets everything, since no
 * path leaves through it); a loop's body may not run, except a do/while's without a break;
 * assignments in the arms of {@code ?:}, {@code &&} and {@code ||} may not run.
 */
final class DefiniteAssignment {
    private final Set<String> fields;
    private final Set<String> locals = new HashSet<>();

    private DefiniteAssignment(Set<String> fields, List<String> params) {
        this.fields = fields;
        this.locals.addAll(params);
    }

    /** The fields among {@code fields} that {@code body} sets on every normally completing path. */
    static Set<String> of(BlockTree body, Set<String> fields, List<String> params) {
        Set<String> s = new DefiniteAssignment(fields, params).block(body.getStatements(), new HashSet<>());
        return s == null ? fields : s;
    }

    /** Null stands for "every field": no path completes normally past this point. */
    private Set<String> block(List<? extends StatementTree> stmts, Set<String> in) {
        Set<String> s = in;
        for (StatementTree st : stmts) {
            s = statement(st, s);
            if (s == null) return null;
        }
        return s;
    }

    private Set<String> statement(StatementTree st, Set<String> in) {
        switch (st.getKind()) {
            case RETURN: case THROW: return null;
            case BLOCK: return block(((BlockTree) st).getStatements(), in);
            case VARIABLE: {
                VariableTree v = (VariableTree) st;
                locals.add(v.getName().toString());
                return expression(v.getInitializer(), in);
            }
            case EXPRESSION_STATEMENT: return expression(((ExpressionStatementTree) st).getExpression(), in);
            case IF: {
                IfTree i = (IfTree) st;
                Set<String> c = expression(i.getCondition(), in);
                Set<String> t = statement(i.getThenStatement(), new HashSet<>(c));
                Set<String> e = i.getElseStatement() == null ? c : statement(i.getElseStatement(), new HashSet<>(c));
                if (t == null) return e;
                if (e == null) return t;
                t.retainAll(e);
                return t;
            }
            case WHILE_LOOP: return expression(((WhileLoopTree) st).getCondition(), in);
            case FOR_LOOP: {
                ForLoopTree f = (ForLoopTree) st;
                Set<String> s = block(f.getInitializer(), in);
                return s == null ? null : expression(f.getCondition(), s);
            }
            case DO_WHILE_LOOP: {
                DoWhileLoopTree d = (DoWhileLoopTree) st;
                if (breaks(d.getStatement())) return in;
                Set<String> s = statement(d.getStatement(), new HashSet<>(in));
                return s == null ? null : expression(d.getCondition(), s);
            }
            default: return in;
        }
    }

    /** Adds the fields an expression always assigns (not those in conditionally evaluated parts). */
    private Set<String> expression(Tree e, Set<String> in) {
        if (e == null) return in;
        Set<String> out = new HashSet<>(in);
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree a, Void p) {
                String f = field(a.getVariable());
                if (f != null) out.add(f);
                return super.visitAssignment(a, p);
            }

            @Override
            public Void visitConditionalExpression(ConditionalExpressionTree c, Void p) {
                return scan(c.getCondition(), p);
            }

            @Override
            public Void visitBinary(BinaryTree b, Void p) {
                if (b.getKind() == Tree.Kind.CONDITIONAL_AND || b.getKind() == Tree.Kind.CONDITIONAL_OR) return scan(b.getLeftOperand(), p);
                return super.visitBinary(b, p);
            }
        }.scan(e, null);
        return out;
    }

    private String field(Tree target) {
        if (target instanceof MemberSelectTree && ((MemberSelectTree) target).getExpression().toString().equals("this")) {
            String f = ((MemberSelectTree) target).getIdentifier().toString();
            return fields.contains(f) ? f : null;
        }
        if (target instanceof IdentifierTree) {
            String f = ((IdentifierTree) target).getName().toString();
            return fields.contains(f) && !locals.contains(f) ? f : null;
        }
        return null;
    }

    private static boolean breaks(Tree t) {
        return TreeFacts.containsLoopExit(t, false);
    }
}
