package jitbook.script;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;

import jitbook.exec.RuntimeTypes;
import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.SourceRange;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.OpNames;

/**
 * Lowers one function or method body to a graph. Holds the state shared by statement,
 * expression and call lowering: the graph, the block new nodes go into, the variables in scope,
 * the enclosing loops, and the tree being lowered (so every node records its source line).
 */
final class Lowering {
    private final ParsedSource src;
    private final UnitBuilder unit;
    final Graph graph = new Graph();
    final Signature signature;
    Block block;
    Env env = new Env();
    final Deque<LoopContext> loops = new ArrayDeque<>();
    final ScriptTypes types;
    final Expressions expressions;
    final Calls calls;
    final Statements statements;
    /** The tree whose lowering is in progress, for the source range of new nodes. */
    Tree current;
    /** {@code self} for methods of classes and modules. */
    Value self;
    private int flagCounter;

    /** A loop being lowered: the names of its break and continue flags. */
    static final class LoopContext {
        final String breakFlag;
        final String continueFlag;

        LoopContext(String breakFlag, String continueFlag) {
            this.breakFlag = breakFlag;
            this.continueFlag = continueFlag;
        }
    }

    /** What is known of the live objects behind values (the module instance being compiled, its submodules). */
    final LiveModules live;

    Lowering(ParsedSource src, UnitBuilder unit, Signature signature) {
        this(src, unit, signature, null);
    }

    /** {@code liveSelf}: the object {@code self} is when compiling a method for one module instance, else null. */
    Lowering(ParsedSource src, UnitBuilder unit, Signature signature, Object liveSelf) {
        this.live = new LiveModules(this, liveSelf);
        this.src = src;
        this.unit = unit;
        this.signature = signature;
        this.block = graph.block();
        this.types = new ScriptTypes(this);
        this.expressions = new Expressions(this);
        this.calls = new Calls(this);
        this.statements = new Statements(this);
    }

    UnitBuilder unit() {
        return unit;
    }

    ParsedSource source() {
        return src;
    }

    /** Lowers the signature's method into {@link #graph}. */
    Graph lowerFunction() {
        current = signature.tree;
        if (signature.owner != null) {
            self = graph.addInput("self", signature.owner.type());
            live.bindSelf(self);
        }
        for (int i = 0; i < signature.paramNames.size(); i++) {
            String n = signature.paramNames.get(i);
            env.declare(n, signature.paramTypes.get(i), graph.addInput(n, signature.paramTypes.get(i)));
        }
        BlockTree body = signature.tree.getBody();
        if (body == null) throw error(signature.tree, "method " + signature.name + " has no body");
        List<Value> returned = statements.lowerAll(body.getStatements(), 0);
        if (returned == null) returned = statements.resultOfThrow();
        if (returned == null) {
            if (!signature.isVoid()) {
                throw error(signature.tree, "method " + signature.name + " can reach its end without returning a "
                        + ScriptTypes.name(signature.returnType));
            }
            returned = List.of();
        }
        for (Value v : returned) graph.addOutput(v);
        return graph;
    }

    /** Lowers a {@code static final} field's initializer into {@link #graph}, as a function of nothing returning it. */
    Graph lowerConstant(VariableTree decl) {
        current = decl;
        Value v = expressions.lower(decl.getInitializer(), signature.returnType);
        graph.addOutput(coerce(v, signature.returnType, decl.getInitializer(), "constant " + decl.getName()));
        return graph;
    }

    // ---- building nodes ---------------------------------------------------------------------

    Node append(String kind, Value... inputs) {
        Node n = block.append(kind, inputs);
        n.setSource(range(current));
        return n;
    }

    Value emit(String kind, Type outType, Value... inputs) {
        return append(kind, inputs).addOutput(outType);
    }

    Node append(Prim kind, Value... inputs) {
        return append(kind.irName(), inputs);
    }

    Value emit(Prim kind, Type outType, Value... inputs) {
        return emit(kind.irName(), outType, inputs);
    }

    Value constant(Object value, Type type) {
        Node n = append(Prim.CONSTANT);
        if (value != null) n.setAttr(Node.VALUE, value);
        return n.addOutput(type);
    }

    Value none() {
        return constant(null, Type.NONE);
    }

    /** A placeholder for a variable that has no value on some path (never read there). */
    Value uninitialized(Type t) {
        return emit(Prim.UNINITIALIZED, t);
    }

    String freshFlag(String stem) {
        return "$" + stem + (++flagCounter);
    }

    /** Runs {@code body} with {@link #current} set to {@code t}, restoring it afterwards. */
    <T> T at(Tree t, java.util.function.Supplier<T> body) {
        Tree saved = current;
        current = t;
        try {
            return body.get();
        } finally {
            current = saved;
        }
    }

    // ---- errors -------------------------------------------------------------------------------

    SourceRange range(Tree t) {
        return t == null ? null : src.range(t);
    }

    ScriptCompileError error(Tree t, String message) {
        return new ScriptCompileError(message, range(t == null ? current : t));
    }

    /** Converts a value to a declared type as Java's assignment conversion would, or fails naming both types. */
    Value coerce(Value v, Type to, Tree where, String what) {
        Type from = v.type();
        if (to == null || to == Type.ANY || from.equals(to) || to.isTensor() && from.isTensor()) return v;
        if (from.isNumber() && to.isNumber() && (ScriptTypes.assignable(from, to) || fitsConstant(v, to))) return convertNumber(v, to);
        if (ScriptTypes.assignable(from, to)) {
            return from.equals(to) ? v : emit(Prim.UNCHECKED_CAST, to, v);
        }
        throw error(where, what + " has type " + ScriptTypes.name(to) + " but is given " + ScriptTypes.article(from));
    }

    /** Java narrows a constant int to byte or short implicitly when its value fits ({@code byte b = -3;}). */
    private static boolean fitsConstant(Value v, Type to) {
        if (!(to == Type.BYTE || to == Type.SHORT) || !v.type().isIntegral() || v.type() == Type.LONG || !v.isConstant()) return false;
        long x = ((Number) v.constantValue()).longValue();
        return to == Type.BYTE ? x == (byte) x : x == (short) x;
    }

    /**
     * A numeric conversion (widening, or an explicit or compound-assignment cast) with Java's
     * rules, which {@link RuntimeTypes#coerce} holds: the conversion op's declared result type
     * says the width, and constants are converted here by the same rules.
     */
    Value convertNumber(Value v, Type to) {
        if (v.type().equals(to)) return v;
        if (v.isConstant() && v.constantValue() instanceof Number) {
            // Fold conversions of literals here, so `x.mul(2)` reads as a double constant in the IR.
            return constant(RuntimeTypes.coerce(v.constantValue(), to), to);
        }
        if ((to == Type.BYTE || to == Type.SHORT) && !v.type().isIntegral()) {
            v = convertNumber(v, Type.INT); // JLS 5.1.3: a floating value narrows to byte or short through int
        }
        String op = to.isIntegral() ? OpNames.SCALAR_TO_INT : OpNames.SCALAR_TO_FLOAT;
        return emit(op, to, v);
    }

    /**
     * A scalar op on numbers, computed now when every input is a constant and the op cannot fail
     * (so {@code -3} and {@code 2 * 60} are constants, as they are in Java), else emitted.
     */
    Value arithmeticOp(String kind, Type outType, Value... inputs) {
        jitbook.ops.OpDef op = jitbook.ops.OpRegistry.global().get(kind);
        boolean constant = op.isPure() && !op.has(jitbook.ops.OpTrait.MAY_THROW);
        Object[] args = new Object[inputs.length];
        for (int i = 0; i < inputs.length && constant; i++) {
            constant = inputs[i].isConstant() && inputs[i].constantValue() instanceof Number;
            if (constant) args[i] = inputs[i].constantValue();
        }
        if (!constant) return emit(kind, outType, inputs);
        return constant(RuntimeTypes.coerce(op.kernel().run(args), outType), outType);
    }

    static List<StatementTree> statementsOf(StatementTree s) {
        List<StatementTree> out = new ArrayList<>();
        if (s == null) return out;
        if (s instanceof BlockTree) out.addAll(((BlockTree) s).getStatements()); else out.add(s);
        return out;
    }

    static boolean isVariable(Tree t) {
        return t instanceof VariableTree;
    }
}
