package jitbook.script;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;

import jitbook.ir.Block;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * Lowers Java's loops to {@code prim::Loop}: while, do/while, general and counted for, and
 * for-each over lists. The carried values are the variables the body assigns; break, continue
 * and return become flags (see {@link Statements}) that end the iteration or the loop.
 */
final class Loops {
    private final Lowering lw;
    private final Statements st;

    Loops(Lowering lw, Statements st) {
        this.lw = lw;
        this.st = st;
    }


    void whileLoop(WhileLoopTree w) {
        Value first = lw.expressions.condition(w.getCondition());
        loop(w, null, first, Type.LONG, null, Lowering.statementsOf(w.getStatement()), List.of(),
                () -> lw.expressions.condition(w.getCondition()), w.getCondition());
    }

    void doWhileLoop(DoWhileLoopTree d) {
        loop(d, null, lw.constant(true, Type.BOOL), Type.LONG, null, Lowering.statementsOf(d.getStatement()), List.of(),
                () -> lw.expressions.condition(d.getCondition()), d.getCondition());
    }

    void forLoop(ForLoopTree f) {
        if (CountedLoop.matches(f, lw)) {
            countedLoop(f);
            return;
        }
        lw.env.push();
        for (StatementTree init : f.getInitializer()) st.statement(init);
        List<StatementTree> update = new ArrayList<>();
        for (ExpressionStatementTree u : f.getUpdate()) update.add(u);
        Value first = f.getCondition() == null ? lw.constant(true, Type.BOOL) : lw.expressions.condition(f.getCondition());
        loop(f, null, first, Type.LONG, null, Lowering.statementsOf(f.getStatement()), update,
                f.getCondition() == null ? null : () -> lw.expressions.condition(f.getCondition()), f.getCondition());
        lw.env.pop();
    }

    /**
     * {@code for (int i = a; i < b; i++)} with {@code i} not assigned in the body and a bound the
     * body cannot change: a loop with a trip count of {@code b - a} whose index is {@code i} (or
     * {@code a + index}), which reads like the source and lets the optimizer unroll it.
     */
    private void countedLoop(ForLoopTree f) {
        CountedLoop c = CountedLoop.of(f, lw);
        Value start = lw.convertNumber(lw.expressions.lower(c.start), c.type);
        Value bound = lw.convertNumber(lw.expressions.lower(c.bound), c.type);
        boolean fromZero = start.isConstant() && ((Number) start.constantValue()).longValue() == 0;
        Value trips = tripCount(start, bound, c.inclusive, c.type);
        loop(f, trips, lw.constant(true, Type.BOOL), c.type, index -> {
            Value i = fromZero ? index : lw.emit(OpNames.SCALAR_ADD, c.type, start, index);
            lw.env.declare(c.name, c.type, i);
        }, Lowering.statementsOf(f.getStatement()), List.of(), null, null);
    }

    /**
     * How many times {@code for (i = start; i < bound (or <=); i++)} runs, as a long that does not
     * overflow (a count of zero or less runs no iteration). An int loop's span is computed in 64
     * bits, where it cannot overflow; {@code i <= Integer.MAX_VALUE} never fails in Java (i wraps),
     * so that loop is unbounded, as is a long loop whose span exceeds the long range.
     */
    private Value tripCount(Value start, Value bound, boolean inclusive, Type type) {
        boolean fromZero = start.isConstant() && ((Number) start.constantValue()).longValue() == 0;
        if (fromZero && !inclusive) return bound; // i < bound from 0 runs bound times (none if negative), at any width
        Value s = fromZero ? null : lw.convertNumber(start, Type.LONG);
        Value b = lw.convertNumber(bound, Type.LONG);
        Value span = fromZero ? b : lw.emit(OpNames.SCALAR_SUB, Type.LONG, b, s);
        if (inclusive) span = lw.emit(OpNames.SCALAR_ADD, Type.LONG, span, lw.constant(1L, Type.LONG));
        Value endless = null;
        if (inclusive) {
            Value max = lw.constant(type == Type.INT ? (long) Integer.MAX_VALUE : Long.MAX_VALUE, Type.LONG);
            endless = lw.emit(OpNames.SCALAR_EQ, Type.BOOL, b, max);
        }
        if (type == Type.LONG && !fromZero) {
            // bound - start wraps when the two are more than Long.MAX_VALUE apart: decide by comparing them.
            Value runs = lw.emit(inclusive ? OpNames.SCALAR_LE : OpNames.SCALAR_LT, Type.BOOL, s, b);
            Value wrapped = lw.emit(OpNames.SCALAR_LE, Type.BOOL, span, lw.constant(0L, Type.LONG));
            Value unbounded = endless == null ? wrapped : lw.emit(OpNames.SCALAR_OR, Type.BOOL, endless, wrapped);
            Value counted = span;
            return st.branches(runs, () -> List.of(choose(unbounded, counted)), () -> List.of(lw.constant(0L, Type.LONG)),
                    (t, e) -> List.of(Type.LONG)).get(0);
        }
        return endless == null ? span : choose(endless, span);
    }

    /** {@code endless ? Long.MAX_VALUE : span}. */
    private Value choose(Value endless, Value span) {
        return st.branches(endless, () -> List.of(lw.constant(Long.MAX_VALUE, Type.LONG)), () -> List.of(span),
                (t, e) -> List.of(Type.LONG)).get(0);
    }

    void forEach(EnhancedForLoopTree f) {
        Value iterable = lw.expressions.lower(f.getExpression());
        LiveModules.ModuleList modules = lw.live.moduleList(iterable);
        if (modules != null) {
            unrolledOverModules(f, modules);
            return;
        }
        Type elem;
        Value list;
        if (iterable.type() instanceof Type.ListType) {
            list = iterable;
            elem = ((Type.ListType) iterable.type()).element;
        } else if (iterable.type() instanceof Type.DictType) {
            throw lw.error(f.getExpression(), "iterate over map.keySet(), map.values() or map.entrySet(), not the map itself");
        } else {
            throw lw.error(f.getExpression(), "for-each needs a List (or a map's keySet(), values() or entrySet()), not "
                    + ScriptTypes.article(iterable.type()));
        }
        Value trips = lw.emit(OpNames.LIST_SIZE, Type.LONG, list);
        String varName = f.getVariable().getName().toString();
        Type declared = f.getVariable().getType() == null ? null : lw.types.resolve(f.getVariable().getType());
        Type varType = declared == null ? elem : declared;
        loop(f, trips, lw.constant(true, Type.BOOL), Type.LONG, index -> {
            Value item = lw.emit(OpNames.LIST_GET, elem, list, index);
            lw.env.declare(varName, varType, lw.coerce(item, varType, f.getVariable(), "loop variable " + varName));
        }, Lowering.statementsOf(f.getStatement()), List.of(), null, null);
    }

    /**
     * {@code for (Module m : layers)} over a list of submodules: the body once per submodule, in
     * order, with {@code m} typed by that submodule's own class (TorchScript unrolls loops over a
     * ModuleList the same way), so each element calls its own forward and its parameters are read
     * as attributes ({@code layers.0.weight}).
     */
    private void unrolledOverModules(EnhancedForLoopTree f, LiveModules.ModuleList modules) {
        List<StatementTree> body = Lowering.statementsOf(f.getStatement());
        for (StatementTree s : body) {
            if (TreeFacts.containsReturn(s) || TreeFacts.containsLoopExit(s, false) || TreeFacts.containsLoopExit(s, true)) {
                throw lw.error(s, "a loop over the submodules in " + modules.field + " is unrolled at compile time and cannot break,"
                        + " continue or return; compute a flag in the loop and act on it after it");
            }
        }
        String varName = f.getVariable().getName().toString();
        for (int k = 0; k < modules.elements.size(); k++) {
            lw.env.push();
            Value m = lw.live.element(modules, k, f.getExpression());
            lw.env.declare(varName, m.type(), m);
            List<Value> r = st.lowerAll(body, 0);
            if (r != null) throw lw.error(f, "internal: an unrolled loop body returned");
            lw.env.pop();
        }
    }

    /**
     * Emits a prim::Loop. Carried values are the variables visible here that the body, update or
     * condition assigns, plus the loop's break flag and, if the body returns, the function's
     * return flag and value.
     */
    void loop(Tree where, Value trips, Value firstCond, Type indexType, Consumer<Value> bindIndex,
              List<StatementTree> body, List<StatementTree> update, Supplier<Value> nextCond, Tree condTree) {
        Lowering.LoopContext ctx = new Lowering.LoopContext(lw.freshFlag("brk"), lw.freshFlag("cnt"));
        boolean returns = body.stream().anyMatch(TreeFacts::containsReturn);
        if (returns && lw.env.lookup(Statements.RET_FLAG) == null) {
            lw.env.declareOutermost(Statements.RET_FLAG, Type.BOOL, lw.constant(false, Type.BOOL));
            if (!lw.signature.isVoid()) lw.env.declareOutermost(Statements.RET_VALUE, lw.signature.returnType, lw.uninitialized(lw.signature.returnType));
        }
        // Only a loop whose body can break (or return, which breaks) carries its break flag: a counted
        // loop without one keeps a constant-true condition, which is what lets the optimizer unroll it.
        boolean canBreak = returns || body.stream().anyMatch(s -> TreeFacts.containsLoopExit(s, false));
        lw.env.declare(ctx.breakFlag, Type.BOOL, lw.constant(false, Type.BOOL));
        Set<String> assigned = new LinkedHashSet<>(TreeFacts.assignedNames(body.toArray(new Tree[0])));
        assigned.addAll(TreeFacts.assignedNames(update.toArray(new Tree[0])));
        assigned.addAll(TreeFacts.assignedNames(condTree));
        List<String> carried = new ArrayList<>();
        for (String n : lw.env.names()) {
            if (assigned.contains(n) || canBreak && n.equals(ctx.breakFlag) || returns && (n.equals(Statements.RET_FLAG) || n.equals(Statements.RET_VALUE))) {
                carried.add(n);
            }
        }
        for (String n : carried) {
            Env.Var v = lw.env.lookup(n);
            if (v.value == null) lw.env.assign(n, lw.uninitialized(v.type));
        }
        Value maxTrips = trips != null ? trips : lw.constant(Long.MAX_VALUE, Type.LONG);
        Node loopNode = lw.append(Prim.LOOP, maxTrips, firstCond);
        for (String n : carried) loopNode.addInput(lw.env.lookup(n).value);
        Block outer = lw.block;
        Env before = lw.env;
        Block bodyBlock = loopNode.addBlock();
        Value index = bodyBlock.addParam(where instanceof ForLoopTree && CountedLoop.matches((ForLoopTree) where, lw)
                ? CountedLoop.of((ForLoopTree) where, lw).name : "i", indexType);
        lw.block = bodyBlock;
        lw.env = before.copy();
        for (String n : carried) {
            Env.Var v = before.lookup(n);
            lw.env.assign(n, bodyBlock.addParam(n.startsWith("$") ? null : n, v.type == null ? v.value.type() : v.type));
        }
        lw.env.push();
        lw.env.declare(ctx.continueFlag, Type.BOOL, lw.constant(false, Type.BOOL));
        lw.loops.push(ctx);
        if (bindIndex != null) bindIndex.accept(index);
        List<Value> r = st.lowerAll(body, 0);
        if (r != null) throw lw.error(where, "internal: a loop body returned directly");
        if (!update.isEmpty()) {
            if (canBreak) st.branches(st.read(ctx.breakFlag), () -> null, () -> st.lowerAll(update, 0));
            else st.lowerAll(update, 0);
        }
        Value next;
        if (nextCond == null) {
            next = canBreak ? lw.emit(OpNames.SCALAR_NOT, Type.BOOL, st.read(ctx.breakFlag)) : lw.constant(true, Type.BOOL);
        } else {
            next = canBreak ? condUnlessBroken(ctx, nextCond) : nextCond.get();
        }
        lw.loops.pop();
        bodyBlock.addReturn(next);
        for (String n : carried) {
            Env.Var v = lw.env.lookup(n);
            if (v.value == null) {
                throw lw.error(where, n + " may be undefined at the end of the loop body (" + v.undefinedReason + ")");
            }
            bodyBlock.addReturn(lw.coerce(v.value, bodyBlock.params().get(carried.indexOf(n) + 1).type(), where, "variable " + n));
        }
        lw.block = outer;
        lw.env = before;
        for (int k = 0; k < carried.size(); k++) {
            String n = carried.get(k);
            lw.env.assign(n, loopNode.addOutput(n.startsWith("$") ? null : n, bodyBlock.params().get(k + 1).type()));
        }
    }

    /**
     * The next loop condition, evaluated only if the body did not break (Java never re-tests it
     * after a break); assignments in the condition ({@code v++ < n}) are merged after it.
     */
    private Value condUnlessBroken(Lowering.LoopContext ctx, Supplier<Value> nextCond) {
        return st.branches(st.read(ctx.breakFlag), () -> List.of(lw.constant(false, Type.BOOL)), () -> List.of(nextCond.get()),
                (t, e) -> List.of(Type.BOOL)).get(0);
    }
}
