package jitbook.script;

import java.util.ArrayList;
import java.util.List;

import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.TreeVisitor;
import com.sun.source.tree.VariableTree;

/**
 * A marker the compiler puts in a statement list where a Java block ends but lowering goes on
 * in the same list: the statements after an if whose branch returns, or after a case, join the
 * branch's own statements, and the block's locals must go out of scope there ({@code if (c)
 * return 1; else { int a = 2; } int a = 5;} is valid Java). Never produced by the parser.
 */
final class ScopeEnd implements EmptyStatementTree {
    final List<String> names;

    private ScopeEnd(List<String> names) {
        this.names = names;
    }

    /** The end of a block holding {@code stmts}: the locals they declare go out of scope. */
    static ScopeEnd of(List<? extends StatementTree> stmts) {
        List<String> names = new ArrayList<>();
        for (StatementTree s : stmts) {
            if (s instanceof VariableTree) names.add(((VariableTree) s).getName().toString());
        }
        return new ScopeEnd(names);
    }

    /** {@code stmts} as a block's contents followed by its end. */
    static List<StatementTree> closed(List<? extends StatementTree> stmts) {
        List<StatementTree> out = new ArrayList<>(stmts);
        out.add(of(stmts));
        return out;
    }

    @Override
    public Kind getKind() {
        return Kind.EMPTY_STATEMENT;
    }

    @Override
    public <R, D> R accept(TreeVisitor<R, D> visitor, D data) {
        return visitor.visitEmptyStatement(this, data);
    }
}
