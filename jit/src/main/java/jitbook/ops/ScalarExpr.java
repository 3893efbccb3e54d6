package jitbook.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * What an elementwise op computes for one element, as a small immutable tree over its operands
 * {@link #A}, {@link #B}, {@link #C}: arithmetic, comparisons (1 or 0), a select, and calls of
 * {@link MathFunction}s. Fused-kernel generators read the structure (which functions a loop
 * calls, how many operands an op reads) and write the code for it in the dtype they compute in;
 * {@link #toString()} is the Java-like text, for messages.
 */
public final class ScalarExpr {
    /** The node kinds; arithmetic and comparisons carry their Java operator. */
    public enum Kind {
        OPERAND(null), CONSTANT(null), NEG("-"),
        ADD("+"), SUB("-"), MUL("*"), DIV("/"),
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
        /** {@code args[0] ? args[1] : args[2]}, {@code args[0]} a comparison. */
        SELECT(null),
        CALL(null);

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }

        /** The Java operator of an arithmetic op or comparison, else null. */
        public String symbol() {
            return symbol;
        }

        public boolean isComparison() {
            return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal();
        }

        public boolean isBinaryArithmetic() {
            return ordinal() >= ADD.ordinal() && ordinal() <= DIV.ordinal();
        }
    }

    public static final ScalarExpr A = new ScalarExpr(Kind.OPERAND, 0, 0, null, List.of());
    public static final ScalarExpr B = new ScalarExpr(Kind.OPERAND, 1, 0, null, List.of());
    public static final ScalarExpr C = new ScalarExpr(Kind.OPERAND, 2, 0, null, List.of());

    private final Kind kind;
    private final int operand;
    private final double value;
    private final MathFunction function;
    private final List<ScalarExpr> args;

    private ScalarExpr(Kind kind, int operand, double value, MathFunction function, List<ScalarExpr> args) {
        this.kind = kind;
        this.operand = operand;
        this.value = value;
        this.function = function;
        this.args = args;
    }

    private static ScalarExpr node(Kind kind, ScalarExpr... args) {
        List<ScalarExpr> l = new ArrayList<>(args.length);
        Collections.addAll(l, args);
        return new ScalarExpr(kind, 0, 0, null, Collections.unmodifiableList(l));
    }

    public static ScalarExpr constant(double v) {
        return new ScalarExpr(Kind.CONSTANT, 0, v, null, List.of());
    }

    public static ScalarExpr neg(ScalarExpr x) {
        return node(Kind.NEG, x);
    }

    public static ScalarExpr add(ScalarExpr x, ScalarExpr y) {
        return node(Kind.ADD, x, y);
    }

    public static ScalarExpr sub(ScalarExpr x, ScalarExpr y) {
        return node(Kind.SUB, x, y);
    }

    public static ScalarExpr mul(ScalarExpr x, ScalarExpr y) {
        return node(Kind.MUL, x, y);
    }

    public static ScalarExpr div(ScalarExpr x, ScalarExpr y) {
        return node(Kind.DIV, x, y);
    }

    /** A comparison: 1 where it holds, else 0. */
    public static ScalarExpr compare(Kind comparison, ScalarExpr x, ScalarExpr y) {
        if (!comparison.isComparison()) throw new IllegalArgumentException(comparison + " is not a comparison");
        return node(comparison, x, y);
    }

    /** {@code condition ? ifTrue : ifFalse}, the condition a {@link #compare comparison}. */
    public static ScalarExpr select(ScalarExpr condition, ScalarExpr ifTrue, ScalarExpr ifFalse) {
        if (!condition.kind.isComparison()) throw new IllegalArgumentException("a select's condition must be a comparison: " + condition);
        return node(Kind.SELECT, condition, ifTrue, ifFalse);
    }

    public static ScalarExpr call(MathFunction f, ScalarExpr... args) {
        if (args.length != f.arity()) {
            throw new IllegalArgumentException(f.javaName() + " takes " + f.arity() + " arguments, got " + args.length);
        }
        List<ScalarExpr> l = new ArrayList<>(args.length);
        Collections.addAll(l, args);
        return new ScalarExpr(Kind.CALL, 0, 0, f, Collections.unmodifiableList(l));
    }

    public Kind kind() {
        return kind;
    }

    /** The operand index (0 for a, 1 for b, 2 for c) of an {@link Kind#OPERAND}. */
    public int operand() {
        return operand;
    }

    /** The value of a {@link Kind#CONSTANT}. */
    public double value() {
        return value;
    }

    /** The function of a {@link Kind#CALL}, else null. */
    public MathFunction function() {
        return function;
    }

    public List<ScalarExpr> args() {
        return args;
    }

    /** How many operands the expression reads: the highest one named, plus one. */
    public int arity() {
        int n = kind == Kind.OPERAND ? operand + 1 : 0;
        for (ScalarExpr a : args) n = Math.max(n, a.arity());
        return n;
    }

    /** True when this node or one below it satisfies {@code p}. */
    public boolean any(Predicate<ScalarExpr> p) {
        if (p.test(this)) return true;
        for (ScalarExpr a : args) if (a.any(p)) return true;
        return false;
    }

    /** True when the expression calls a function satisfying {@code p}. */
    public boolean calls(Predicate<MathFunction> p) {
        return any(e -> e.kind == Kind.CALL && p.test(e.function));
    }

    /** The function, when the whole expression is one call of it on operand a; else null. */
    public MathFunction unaryCallOfA() {
        return kind == Kind.CALL && args.size() == 1 && args.get(0).kind == Kind.OPERAND && args.get(0).operand == 0
                ? function : null;
    }

    @Override
    public String toString() {
        switch (kind) {
            case OPERAND:
                return String.valueOf((char) ('a' + operand));
            case CONSTANT:
                return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
            case NEG:
                return "-" + args.get(0);
            case SELECT:
                return "(" + args.get(0) + " ? " + args.get(1) + " : " + args.get(2) + ")";
            case CALL: {
                List<String> parts = new ArrayList<>();
                for (ScalarExpr a : args) parts.add(a.toString());
                return function.javaName() + "(" + String.join(", ", parts) + ")";
            }
            default:
                return "(" + args.get(0) + " " + kind.symbol + " " + args.get(1) + ")";
        }
    }
}
