package jitbook.script;

import java.util.LinkedHashSet;
import java.util.Set;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;

/** Syntactic questions about statements that control-flow lowering asks before lowering them. */
final class TreeFacts {
    private TreeFacts() {
    }

    /**
     * A scanner answering "is there any ...": results are or-ed, lambdas and nested classes are
     * never entered (their returns and breaks are not ours), and nested loops go through
     * {@link #loop}, which subclasses override to skip or judge them as a whole.
     */
    private abstract static class AnyScanner extends TreeScanner<Boolean, Void> {
        /** What a loop nested in the scanned tree contributes; by default, what its parts contain. */
        Boolean loop(Tree loop) {
            return null;
        }

        private Boolean loopOrParts(Tree loop, java.util.function.Supplier<Boolean> parts) {
            Boolean r = loop(loop);
            return r != null ? r : parts.get();
        }

        @Override
        public Boolean visitWhileLoop(WhileLoopTree n, Void p) {
            return loopOrParts(n, () -> super.visitWhileLoop(n, p));
        }

        @Override
        public Boolean visitDoWhileLoop(DoWhileLoopTree n, Void p) {
            return loopOrParts(n, () -> super.visitDoWhileLoop(n, p));
        }

        @Override
        public Boolean visitForLoop(ForLoopTree n, Void p) {
            return loopOrParts(n, () -> super.visitForLoop(n, p));
        }

        @Override
        public Boolean visitEnhancedForLoop(EnhancedForLoopTree n, Void p) {
            return loopOrParts(n, () -> super.visitEnhancedForLoop(n, p));
        }

        @Override
        public Boolean visitLambdaExpression(LambdaExpressionTree node, Void p) {
            return false;
        }

        @Override
        public Boolean visitClass(ClassTree node, Void p) {
            return false;
        }

        @Override
        public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
        }

        boolean in(Tree t) {
            return t != null && Boolean.TRUE.equals(scan(t, null));
        }
    }

    static boolean containsReturn(Tree t) {
        return new AnyScanner() {
            @Override
            public Boolean visitReturn(ReturnTree node, Void p) {
                return true;
            }
        }.in(t);
    }

    /** A loop holding a return, anywhere in {@code t} (such a return is lowered through flags). */
    static boolean containsLoopWithReturn(Tree t) {
        return new AnyScanner() {
            @Override
            Boolean loop(Tree loop) {
                return containsReturn(loop);
            }
        }.in(t);
    }

    /** A break or continue that belongs to the loop around {@code t} (not to a loop nested inside it). */
    static boolean containsLoopExit(Tree t, boolean continues) {
        return new AnyScanner() {
            @Override
            public Boolean visitBreak(BreakTree node, Void p) {
                return !continues;
            }

            @Override
            public Boolean visitContinue(ContinueTree node, Void p) {
                return continues;
            }

            @Override
            Boolean loop(Tree loop) {
                return false;
            }

            @Override
            public Boolean visitSwitch(com.sun.source.tree.SwitchTree node, Void p) {
                // An unlabeled break inside a switch ends the switch, not the loop.
                return continues ? super.visitSwitch(node, p) : false;
            }
        }.in(t);
    }

    /** Names of variables assigned (=, op=, ++, --) anywhere in {@code t}. */
    static Set<String> assignedNames(Tree... trees) {
        Set<String> out = new LinkedHashSet<>();
        TreeScanner<Void, Void> scanner = new TreeScanner<>() {
            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                if (node.getVariable() instanceof IdentifierTree) out.add(((IdentifierTree) node.getVariable()).getName().toString());
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                if (node.getVariable() instanceof IdentifierTree) out.add(((IdentifierTree) node.getVariable()).getName().toString());
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void p) {
                if (node.getExpression() instanceof IdentifierTree) {
                    switch (node.getKind()) {
                        case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                            out.add(((IdentifierTree) node.getExpression()).getName().toString());
                            break;
                        default:
                            break;
                    }
                }
                return super.visitUnary(node, p);
            }
        };
        for (Tree t : trees) if (t != null) scanner.scan(t, null);
        return out;
    }

    /** Names of fields assigned as {@code this.name = ...} in {@code t}. */
    static Set<String> assignedFields(Tree t) {
        Set<String> out = new LinkedHashSet<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                if (node.getVariable() instanceof com.sun.source.tree.MemberSelectTree) {
                    com.sun.source.tree.MemberSelectTree m = (com.sun.source.tree.MemberSelectTree) node.getVariable();
                    if (m.getExpression().toString().equals("this")) out.add(m.getIdentifier().toString());
                }
                return super.visitAssignment(node, p);
            }
        }.scan(t, null);
        return out;
    }
}
