package jitbook.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.sun.source.tree.AssertTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;

import jitbook.ir.Block;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * Lowers statements, turning Java's control flow into structured IR: {@code if} into
 * {@code prim::If} whose outputs are the variables either branch assigns; loops into
 * {@code prim::Loop} whose carried values are the variables the body assigns; {@code break},
 * {@code continue} and {@code return} inside loops into flags that guard the rest of the body;
 * and an early {@code return} outside loops into an If whose branches each end the function
 * (the statements after the if join the branch that falls through).
 */
final class Statements {
    static final String RET_FLAG = "$ret";
    static final String RET_VALUE = "$retval";

    private final Lowering lw;
    private final Loops loops;
    /** Whether the statement lowered last was a throw: a path ending so never reaches the end of its method. */
    private boolean endedInThrow;

    Statements(Lowering lw) {
        this.lw = lw;
        this.loops = new Loops(lw, this);
    }

    /**
     * Lowers {@code stmts[from..]}; returns the function's result values if every path returned
     * (an empty list for void), or null if control falls through.
     */
    List<Value> lowerAll(List<? extends StatementTree> stmts, int from) {
        for (int i = from; i < stmts.size(); i++) {
            StatementTree s = stmts.get(i);
            List<? extends StatementTree> rest = stmts.subList(i + 1, stmts.size());
            boolean inLoop = !lw.loops.isEmpty();
            if (s instanceof ScopeEnd) {
                lw.env.forget(((ScopeEnd) s).names);
                continue;
            }
            if (!inLoop && s instanceof BlockTree && TreeFacts.containsReturn(s)) {
                // A nested block that may return: its statements continue this list, its locals end with it.
                List<StatementTree> path = ScopeEnd.closed(((BlockTree) s).getStatements());
                path.addAll(rest);
                return lowerAll(path, 0);
            }
            if (!inLoop && s instanceof IfTree && TreeFacts.containsReturn(s) && !TreeFacts.containsLoopWithReturn(s)) {
                return lw.at(s, () -> ifWithReturn((IfTree) s, rest));
            }
            if (!inLoop && s instanceof com.sun.source.tree.SwitchTree && TreeFacts.containsReturn(s) && !TreeFacts.containsLoopWithReturn(s)) {
                return lw.at(s, () -> new Switches(lw).lowerReturning((com.sun.source.tree.SwitchTree) s, rest));
            }
            if (s instanceof ReturnTree) {
                List<Value> r = lw.at(s, () -> returnStatement((ReturnTree) s));
                if (!inLoop) return r;
                return null;
            }

            lw.at(s, () -> {
                statement(s);
                return null;
            });
            endedInThrow = s instanceof ThrowTree;
            if (!inLoop && TreeFacts.containsReturn(s)) {
                // A loop (or an if holding one) may have returned: finish the function on its flag.
                return lw.at(s, () -> afterReturningLoop(rest));
            }
            if (inLoop && (s instanceof BreakTree || s instanceof ContinueTree)) {
                return null; // the rest of this block is unreachable
            }
            if (inLoop && mayLeaveIteration(s) && i + 1 < stmts.size()) {
                propagateReturnToLoop(s);
                lw.at(s, () -> {
                    guardRest(rest);
                    return null;
                });
                return null;
            }
            if (inLoop) propagateReturnToLoop(s);
        }
        return null;
    }

    private boolean mayLeaveIteration(StatementTree s) {
        return TreeFacts.containsLoopExit(s, false) || TreeFacts.containsLoopExit(s, true) || TreeFacts.containsReturn(s);
    }

    /** After a statement holding a return (inside an inner loop), make the enclosing loop stop too. */
    private void propagateReturnToLoop(StatementTree s) {
        if (!TreeFacts.containsReturn(s) || lw.env.lookup(RET_FLAG) == null) return;
        Lowering.LoopContext loop = lw.loops.peek();
        Value brk = read(loop.breakFlag);
        lw.env.assign(loop.breakFlag, lw.emit(OpNames.SCALAR_OR, Type.BOOL, brk, read(RET_FLAG)));
    }

    /** Lowers {@code rest} only if this iteration has not broken, continued or returned. */
    private void guardRest(List<? extends StatementTree> rest) {
        Lowering.LoopContext loop = lw.loops.peek();
        Value leaving = read(loop.breakFlag);
        if (lw.env.lookup(loop.continueFlag) != null) {
            leaving = lw.emit(OpNames.SCALAR_OR, Type.BOOL, leaving, read(loop.continueFlag));
        }
        branches(leaving, () -> null, () -> lowerAll(rest, 0));
    }

    Value read(String name) {
        Env.Var v = lw.env.lookup(name);
        return v.value;
    }

    // ---- plain statements -----------------------------------------------------------------------

    void statement(StatementTree s) {
        switch (s.getKind()) {
            case VARIABLE: declaration((VariableTree) s); break;
            case EXPRESSION_STATEMENT: lw.expressions.lower(((ExpressionStatementTree) s).getExpression()); break;
            case BLOCK: {
                lw.env.push();
                List<Value> r = lowerAll(((BlockTree) s).getStatements(), 0);
                lw.env.pop();
                if (r != null) throw lw.error(s, "internal: a nested block returned outside control flow");
                break;
            }
            case IF: simpleIf((IfTree) s); break;
            case WHILE_LOOP: loops.whileLoop((WhileLoopTree) s); break;
            case DO_WHILE_LOOP: loops.doWhileLoop((DoWhileLoopTree) s); break;
            case FOR_LOOP: loops.forLoop((ForLoopTree) s); break;
            case ENHANCED_FOR_LOOP: loops.forEach((EnhancedForLoopTree) s); break;
            case BREAK: loopFlag((BreakTree) s, true); break;
            case CONTINUE: loopFlag((ContinueTree) s, false); break;
            case RETURN: returnStatement((ReturnTree) s); break;
            case ASSERT: assertion((AssertTree) s); break;
            case THROW: throwStatement((ThrowTree) s); break;
            case SWITCH: new Switches(lw).lower((com.sun.source.tree.SwitchTree) s); break;
            case EMPTY_STATEMENT: break;
            case TRY: throw lw.error(s, "try/catch is not in the script subset: a compiled function cannot catch exceptions");
            case SYNCHRONIZED: throw lw.error(s, "synchronized blocks are not in the script subset");
            case LABELED_STATEMENT: throw lw.error(s, "labeled statements (and labeled break/continue) are not in the script subset");
            case CLASS: throw lw.error(s, "local and inner classes are not in the script subset; declare the class at the top level");
            default: throw lw.error(s, "this statement (" + s.getKind().toString().toLowerCase().replace('_', ' ') + ") is not in the script subset");
        }
    }

    private void declaration(VariableTree v) {
        String name = v.getName().toString();
        if (lw.env.lookup(name) != null && !name.startsWith("$")) {
            throw lw.error(v, "variable " + name + " is already defined in this method");
        }
        // `var` parses with no type tree (or the name var): the type comes from the initializer.
        Type declared = v.getType() == null ? null : lw.types.resolve(v.getType());
        ExpressionTree init = v.getInitializer();
        if (init == null) {
            if (declared == null) throw lw.error(v, "'var' needs an initializer");
            lw.env.declare(name, declared, null);
            return;
        }
        Value value = lw.expressions.lower(init, declared);
        if (declared == null) declared = value.type();
        if (declared == Type.NONE) throw lw.error(v, "cannot infer the type of " + name + " from null; declare its type");
        lw.env.declare(name, declared, lw.coerce(value, declared, init, "variable " + name));
    }

    private void loopFlag(Tree s, boolean isBreak) {
        if (lw.loops.isEmpty()) throw lw.error(s, (isBreak ? "break" : "continue") + " outside a loop");
        if (s instanceof BreakTree && ((BreakTree) s).getLabel() != null
                || s instanceof ContinueTree && ((ContinueTree) s).getLabel() != null) {
            throw lw.error(s, "labeled break/continue is not in the script subset");
        }
        Lowering.LoopContext loop = lw.loops.peek();
        String flag = isBreak ? loop.breakFlag : loop.continueFlag;
        lw.env.assign(flag, lw.constant(true, Type.BOOL));
    }

    private List<Value> returnStatement(ReturnTree r) {
        Signature sig = lw.signature;
        List<Value> values = new ArrayList<>();
        if (r.getExpression() != null) {
            if (sig.isVoid()) throw lw.error(r, "this method is void but returns a value");
            Value v = lw.expressions.lower(r.getExpression(), sig.returnType);
            lw.live.requireRuntimeValue(v, r.getExpression());
            values.add(lw.coerce(v, sig.returnType, r.getExpression(), "the return value of " + sig.name));
        } else if (!sig.isVoid()) {
            throw lw.error(r, "this return gives no value but " + sig.name + " returns " + ScriptTypes.article(sig.returnType));
        }
        if (!lw.loops.isEmpty()) {
            lw.env.assign(RET_FLAG, lw.constant(true, Type.BOOL));
            if (!values.isEmpty()) lw.env.assign(RET_VALUE, values.get(0));
            lw.env.assign(lw.loops.peek().breakFlag, lw.constant(true, Type.BOOL));
            return null;
        }
        return values;
    }

    private void assertion(AssertTree a) {
        Value cond = lw.expressions.condition(a.getCondition());
        Value message = a.getDetail() == null
                ? lw.constant("AssertionError: " + a.getCondition(), Type.STR)
                : lw.emit(OpNames.STR_CONCAT, Type.STR, lw.constant("AssertionError: ", Type.STR),
                lw.expressions.lower(a.getDetail()));
        branches(cond, () -> null, () -> {
            lw.append(Prim.RAISE, message);
            return null;
        });
    }

    private void throwStatement(ThrowTree t) {
        ExpressionTree e = t.getExpression();
        if (!(e instanceof NewClassTree)) throw lw.error(t, "only `throw new SomeException(\"message\")` is in the script subset");
        NewClassTree n = (NewClassTree) e;
        String cls = ScriptTypes.simpleName(n.getIdentifier());
        if (!cls.endsWith("Exception") && !cls.endsWith("Error")) {
            throw lw.error(n, "only exceptions can be thrown, not " + cls);
        }
        Value msg = n.getArguments().isEmpty() ? lw.constant(cls, Type.STR)
                : lw.emit(OpNames.STR_CONCAT, Type.STR, lw.constant(cls + ": ", Type.STR), lw.expressions.lower(n.getArguments().get(0)));
        lw.append(Prim.RAISE, msg);
    }

    // ---- if -------------------------------------------------------------------------------------

    private void simpleIf(IfTree s) {
        Value cond = lw.expressions.condition(s.getCondition());
        Narrowing n = Narrowing.of(s.getCondition(), lw);
        branches(cond, () -> narrowed(n, true, () -> lowerAll(Lowering.statementsOf(s.getThenStatement()), 0)),
                () -> narrowed(n, false, () -> lowerAll(Lowering.statementsOf(s.getElseStatement()), 0)));
    }

    /**
     * Lowers a branch in which a nullable variable is known to be present (after {@code x != null},
     * or in the else of {@code x == null}): there it reads as its element type. If the branch does
     * not assign it, its value is restored afterwards, so the if does not merge it needlessly.
     */
    private List<Value> narrowed(Narrowing n, boolean branchIsTrue, Supplier<List<Value>> body) {
        if (n == null || n.presentWhen != branchIsTrue) return body.get();
        Env.Var before = lw.env.lookup(n.name);
        Value present = lw.emit(Prim.UNCHECKED_CAST, n.element, before.value);
        lw.env.assign(n.name, present);
        List<Value> r = body.get();
        Env.Var after = lw.env.lookup(n.name);
        if (after != null && after.value == present) lw.env.assign(n.name, before.value);
        return r;
    }

    /**
     * Emits an If on {@code cond} lowering each branch in a copy of the environment, then makes
     * every variable that either branch assigned an output of the If. A variable assigned in one
     * branch only, with no value before, is marked possibly undefined (an error if read).
     */
    void branches(Value cond, Supplier<List<Value>> thenBody, Supplier<List<Value>> elseBody) {
        branches(cond, thenBody, elseBody, null);
    }

    /** The types of an expression If's results, from the values its two branches computed. */
    interface ResultTypes {
        List<Type> of(List<Value> thenValues, List<Value> elseValues);
    }

    /**
     * {@link #branches(Value, Supplier, Supplier)} for branches that also compute values (the
     * arms of {@code ?:}, {@code &&}, {@code ||}): each body returns its values, which become the
     * If's first outputs with the types {@code results} gives; variables the arms assign (as in
     * {@code b ? v++ : 0}) are merged after them like a statement's. Returns the result outputs.
     */
    List<Value> branches(Value cond, Supplier<List<Value>> thenBody, Supplier<List<Value>> elseBody, ResultTypes results) {
        Node ifNode = lw.append(Prim.IF, cond);
        Env before = lw.env;
        int depth = before.depth();
        Block outer = lw.block;
        List<List<Value>> computed = new ArrayList<>();
        Env thenEnv = lowerBranch(ifNode.addBlock(), before, thenBody, results != null, computed);
        Env elseEnv = lowerBranch(ifNode.addBlock(), before, elseBody, results != null, computed);
        lw.block = outer;
        lw.env = before;
        Block thenBlock = ifNode.blocks().get(0);
        Block elseBlock = ifNode.blocks().get(1);
        List<Value> outs = new ArrayList<>();
        if (results != null) {
            List<Type> types = results.of(computed.get(0), computed.get(1));
            for (int i = 0; i < types.size(); i++) {
                thenBlock.addReturn(coerceInBlock(thenBlock, computed.get(0).get(i), types.get(i)));
                elseBlock.addReturn(coerceInBlock(elseBlock, computed.get(1).get(i), types.get(i)));
                outs.add(ifNode.addOutput(types.get(i)));
            }
        }
        for (String name : before.namesUpTo(depth)) {
            Env.Var b = before.lookup(name);
            Env.Var t = thenEnv.lookup(name);
            Env.Var e = elseEnv.lookup(name);
            if (t.value == b.value && e.value == b.value && t.undefinedReason == null && e.undefinedReason == null) continue;
            if (t.value != null && e.value != null) {
                Type ty = mergedType(name, b.type, t.value, e.value);
                thenBlock.addReturn(coerceInBlock(thenBlock, t.value, ty));
                elseBlock.addReturn(coerceInBlock(elseBlock, e.value, ty));
                before.assign(name, ifNode.addOutput(name.startsWith("$") ? null : name, ty));
            } else if (t.value == null && e.value == null) {
                before.markMaybeUndefined(name, t.undefinedReason != null ? t.undefinedReason : e.undefinedReason);
            } else {
                String missing = t.value == null ? "the if branch" : "the else branch";
                before.markMaybeUndefined(name, name + " is not defined in " + missing);
            }
        }
        return outs;
    }

    private Type mergedType(String name, Type declared, Value a, Value b) {
        if (declared != null && !(declared.isTensor())) return declared;
        if (a.type().isTensor() && b.type().isTensor()) {
            return a.type().equals(b.type()) ? a.type() : Type.TENSOR;
        }
        if (!a.type().equals(b.type())) {
            throw lw.error(null, name + " is assigned " + ScriptTypes.article(a.type()) + " in one branch and "
                    + ScriptTypes.article(b.type()) + " in the other");
        }
        return a.type();
    }

    private Value coerceInBlock(Block b, Value v, Type t) {
        if (v.type().equals(t) || t.isTensor() && v.type().isTensor()) return v;
        Block saved = lw.block;
        lw.block = b;
        try {
            return lw.coerce(v, t, null, "a branch value");
        } finally {
            lw.block = saved;
        }
    }

    private Env lowerBranch(Block b, Env before, Supplier<List<Value>> body, boolean computes, List<List<Value>> computed) {
        lw.block = b;
        lw.env = before.copy();
        lw.env.push();
        List<Value> r = body.get();
        if (computes) {
            computed.add(r);
        } else if (r != null) {
            throw lw.error(null, "internal: a branch returned where control must fall through");
        }
        lw.env.popTo(before.depth());
        return lw.env;
    }

    /** {@code if (c) {A} else {B}} followed by {@code rest}, where a branch returns: each branch continues with rest. */
    private List<Value> ifWithReturn(IfTree s, List<? extends StatementTree> rest) {
        Value cond = lw.expressions.condition(s.getCondition());
        Narrowing n = Narrowing.of(s.getCondition(), lw);
        List<StatementTree> thenPath = ScopeEnd.closed(Lowering.statementsOf(s.getThenStatement()));
        thenPath.addAll(rest);
        List<StatementTree> elsePath = ScopeEnd.closed(Lowering.statementsOf(s.getElseStatement()));
        elsePath.addAll(rest);
        return returningBranches(cond, () -> narrowed(n, true, () -> lowerAll(thenPath, 0)),
                () -> narrowed(n, false, () -> lowerAll(elsePath, 0)));
    }

    /** An If each of whose branches ends the function; its outputs are the function's results. */
    List<Value> returningBranches(Value cond, Supplier<List<Value>> thenBody, Supplier<List<Value>> elseBody) {
        Node ifNode = lw.append(Prim.IF, cond);
        Env before = lw.env;
        Block outer = lw.block;
        List<Value> t = lowerReturningBranch(ifNode.addBlock(), before, thenBody);
        List<Value> e = lowerReturningBranch(ifNode.addBlock(), before, elseBody);
        lw.block = outer;
        lw.env = before;
        List<Value> outs = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Type ty = t.get(i).type().isTensor() && e.get(i).type().isTensor() && !t.get(i).type().equals(e.get(i).type())
                    ? Type.TENSOR : lw.signature.returnType;
            ifNode.blocks().get(0).addReturn(t.get(i));
            ifNode.blocks().get(1).addReturn(e.get(i));
            outs.add(ifNode.addOutput(ty.isTensor() && t.get(i).type().equals(e.get(i).type()) ? t.get(i).type() : ty));
        }
        return outs;
    }

    private List<Value> lowerReturningBranch(Block b, Env before, Supplier<List<Value>> body) {
        lw.block = b;
        lw.env = before.copy();
        lw.env.push();
        List<Value> r = body.get();
        if (r == null) r = resultOfThrow();
        if (r == null) {
            if (!lw.signature.isVoid()) {
                throw lw.error(lw.signature.tree, "method " + lw.signature.name + " can reach its end without returning a "
                        + ScriptTypes.name(lw.signature.returnType));
            }
            r = List.of();
        }
        return r;
    }

    /** For a path that fell through: if it ended with a throw it never does, so it "returns" a value never read; else null. */
    List<Value> resultOfThrow() {
        if (!endedInThrow) return null;
        return lw.signature.isVoid() ? List.of() : List.of(lw.uninitialized(lw.signature.returnType));
    }

    /** After a loop that may have executed a return: if it did, return its value, else continue with rest. */
    private List<Value> afterReturningLoop(List<? extends StatementTree> rest) {
        Value flag = read(RET_FLAG);
        return returningBranches(flag, () -> {
            Env.Var v = lw.env.lookup(RET_VALUE);
            return v == null ? List.of() : List.of(v.value);
        }, () -> lowerAll(rest, 0));
    }
}
