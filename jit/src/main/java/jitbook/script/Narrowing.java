package jitbook.script;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;

import jitbook.ir.Type;

/** A null test of a nullable local ({@code x != null} or {@code x == null}): which branch knows x is present. */
final class Narrowing {
    final String name;
    final Type element;
    /** True if x is present where the condition holds ({@code !=}), false if where it fails ({@code ==}). */
    final boolean presentWhen;

    private Narrowing(String name, Type element, boolean presentWhen) {
        this.name = name;
        this.element = element;
        this.presentWhen = presentWhen;
    }

    static Narrowing of(ExpressionTree cond, Lowering lw) {
        while (cond instanceof ParenthesizedTree) cond = ((ParenthesizedTree) cond).getExpression();
        if (!(cond instanceof BinaryTree)) return null;
        BinaryTree b = (BinaryTree) cond;
        boolean ne = b.getKind() == Tree.Kind.NOT_EQUAL_TO;
        if (!ne && b.getKind() != Tree.Kind.EQUAL_TO) return null;
        ExpressionTree other;
        if (b.getRightOperand().getKind() == Tree.Kind.NULL_LITERAL) other = b.getLeftOperand();
        else if (b.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL) other = b.getRightOperand();
        else return null;
        if (!(other instanceof IdentifierTree)) return null;
        String name = ((IdentifierTree) other).getName().toString();
        Env.Var v = lw.env.lookup(name);
        if (v == null || v.value == null || !(v.value.type() instanceof Type.OptionalType)) return null;
        return new Narrowing(name, ((Type.OptionalType) v.value.type()).element, ne);
    }
}
