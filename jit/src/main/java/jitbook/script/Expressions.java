package jitbook.script;

import java.util.ArrayList;
import java.util.List;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;

import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.EditDistance;
import jitbook.ops.OpNames;

/**
 * Lowers expressions: literals, variables and fields, Java's arithmetic with its promotions
 * and 32-bit int wrap-around, string concatenation, comparisons, short-circuit logic (as If
 * nodes), {@code ?:}, assignments, casts, and, through {@link Calls}, method calls.
 */
final class Expressions {
    private final Lowering lw;

    Expressions(Lowering lw) {
        this.lw = lw;
    }

    Value lower(ExpressionTree e) {
        return lower(e, null);
    }

    /** Lowers {@code e}; {@code expected} (nullable) types empty containers and null. */
    Value lower(ExpressionTree e, Type expected) {
        return lw.at(e, () -> dispatch(e, expected));
    }

    Value condition(ExpressionTree e) {
        Value v = lower(e, Type.BOOL);
        if (v.type() != Type.BOOL) {
            throw lw.error(e, "a condition must be a boolean, not " + ScriptTypes.article(v.type())
                    + (v.type().isTensor() ? " (compare a one-element tensor's item(), or use booleanValue())" : ""));
        }
        return v;
    }

    private Value dispatch(ExpressionTree e, Type expected) {
        switch (e.getKind()) {
            case PARENTHESIZED: return lower(((ParenthesizedTree) e).getExpression(), expected);
            case INT_LITERAL: return lw.constant(((LiteralTree) e).getValue(), Type.INT);
            case LONG_LITERAL: return lw.constant(((LiteralTree) e).getValue(), Type.LONG);
            case FLOAT_LITERAL: return lw.constant(((LiteralTree) e).getValue(), Type.FLOAT);
            case DOUBLE_LITERAL: return lw.constant(((LiteralTree) e).getValue(), Type.DOUBLE);
            case BOOLEAN_LITERAL: return lw.constant(((LiteralTree) e).getValue(), Type.BOOL);
            case STRING_LITERAL: return lw.constant(((LiteralTree) e).getValue(), Type.STR);
            case NULL_LITERAL: return lw.none();
            case CHAR_LITERAL: throw lw.error(e, "char is not in the script subset; use a String");
            case IDENTIFIER: return identifier((IdentifierTree) e);
            case MEMBER_SELECT: return lw.calls.fieldOrConstant((MemberSelectTree) e);
            case METHOD_INVOCATION: return lw.calls.call((MethodInvocationTree) e, expected);
            case NEW_CLASS: return lw.calls.newObject((NewClassTree) e, expected);
            case NEW_ARRAY: return constantArray((NewArrayTree) e);
            case ASSIGNMENT: return assignment((AssignmentTree) e);
            case CONDITIONAL_EXPRESSION: return conditional((ConditionalExpressionTree) e, expected);
            case TYPE_CAST: return cast((TypeCastTree) e);
            case ARRAY_ACCESS: return arrayAccess((ArrayAccessTree) e);
            case LAMBDA_EXPRESSION: throw lw.error(e, "lambdas are not in the script subset");
            case MEMBER_REFERENCE: throw lw.error(e, "method references are not in the script subset");
            case INSTANCE_OF: throw lw.error(e, "instanceof is not in the script subset: types are known statically");
            default:
                break;
        }
        if (e instanceof CompoundAssignmentTree) return compoundAssignment((CompoundAssignmentTree) e);
        if (e instanceof UnaryTree) return unary((UnaryTree) e);
        if (e instanceof BinaryTree) return binary((BinaryTree) e);
        throw lw.error(e, "this expression (" + e.getKind().toString().toLowerCase().replace('_', ' ') + ") is not in the script subset");
    }

    // ---- names ------------------------------------------------------------------------------------

    private Value identifier(IdentifierTree id) {
        String name = id.getName().toString();
        if (name.equals("this")) {
            if (lw.self == null) throw lw.error(id, "`this` is only available in methods of classes and modules");
            return lw.self;
        }
        Env.Var v = lw.env.lookup(name);
        if (v != null) {
            if (v.value == null) {
                throw lw.error(id, name + " may be undefined here: " + (v.undefinedReason == null ? "it has no value" : v.undefinedReason));
            }
            return v.value;
        }
        if (lw.self != null && lw.signature.owner != null && lw.signature.owner.fields.containsKey(name)) {
            return lw.calls.getField(lw.self, lw.signature.owner, name, id);
        }
        // A static final constant of this class, a class it extends or one it is nested in.
        for (ClassInfo c = lw.signature.declaring; c != null; c = c.parent != null ? c.parent : c.enclosing) {
            Value constant = lw.live.staticConstant(c, name, id);
            if (constant != null) return constant;
        }
        throw lw.error(id, "undefined name " + name + suggest(name));
    }

    private String suggest(String name) {
        List<String> candidates = new ArrayList<>(lw.env.names());
        if (lw.signature.owner != null) candidates.addAll(lw.signature.owner.fields.keySet());
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.startsWith("$")) continue;
            int d = EditDistance.of(c, name);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? "; did you mean " + best + "?" : "";
    }

    // ---- assignment -------------------------------------------------------------------------------

    private Value assignment(AssignmentTree a) {
        ExpressionTree target = a.getVariable();
        if (target instanceof IdentifierTree) {
            String name = ((IdentifierTree) target).getName().toString();
            Env.Var v = lw.env.lookup(name);
            if (v == null) {
                if (lw.self != null && lw.signature.owner != null && lw.signature.owner.fields.containsKey(name)) {
                    return lw.calls.setField(lw.self, lw.signature.owner, name, a.getExpression(), a);
                }
                throw lw.error(target, "undefined name " + name + suggest(name));
            }
            Value value = lower(a.getExpression(), v.type);
            Value c = lw.coerce(value, v.type, a.getExpression(), "variable " + name);
            lw.env.assign(name, c);
            return c;
        }
        if (target instanceof MemberSelectTree) {
            MemberSelectTree m = (MemberSelectTree) target;
            Value obj = lower(m.getExpression());
            ClassInfo cls = lw.calls.classOf(obj, m.getExpression());
            return lw.calls.setField(obj, cls, m.getIdentifier().toString(), a.getExpression(), a);
        }
        if (target instanceof ArrayAccessTree) throw lw.error(target, "arrays are not in the script subset; use List.set");
        throw lw.error(target, "cannot assign to this expression");
    }

    private Value compoundAssignment(CompoundAssignmentTree c) {
        String op = binaryOpName(c.getKind());
        ExpressionTree target = c.getVariable();
        if (!(target instanceof IdentifierTree)) throw lw.error(target, "compound assignment is supported on local variables only");
        String name = ((IdentifierTree) target).getName().toString();
        Env.Var v = lw.env.lookup(name);
        if (v == null) throw lw.error(target, "undefined name " + name + suggest(name));
        Value current = identifier((IdentifierTree) target);
        Value rhs = lower(c.getExpression());
        Value result = op.equals("+") && (v.type == Type.STR) ? concat(current, rhs) : arithmetic(op, current, rhs, c);
        // Java's compound assignment narrows implicitly: (T) (x op y).
        Value narrowed = v.type.isNumber() ? lw.convertNumber(result, v.type) : lw.coerce(result, v.type, c, "variable " + name);
        lw.env.assign(name, narrowed);
        return narrowed;
    }

    // ---- operators ----------------------------------------------------------------------------------

    private Value unary(UnaryTree u) {
        switch (u.getKind()) {
            case UNARY_MINUS: {
                Value x = lower(u.getExpression());
                requireNumber(x, u, "-");
                return lw.arithmeticOp(OpNames.SCALAR_NEG, unaryPromote(x.type()), lw.convertNumber(x, unaryPromote(x.type())));
            }
            case UNARY_PLUS: {
                Value x = lower(u.getExpression());
                requireNumber(x, u, "+");
                return lw.convertNumber(x, unaryPromote(x.type()));
            }
            case LOGICAL_COMPLEMENT: return lw.emit(OpNames.SCALAR_NOT, Type.BOOL, condition(u.getExpression()));
            case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                return increment(u);
            default:
                throw lw.error(u, "the operator " + u.getKind() + " is not in the script subset");
        }
    }

    private static Type unaryPromote(Type t) {
        return t == Type.LONG || t == Type.FLOAT || t == Type.DOUBLE ? t : Type.INT;
    }

    private Value increment(UnaryTree u) {
        if (!(u.getExpression() instanceof IdentifierTree)) throw lw.error(u, "++ and -- work on local variables only");
        String name = ((IdentifierTree) u.getExpression()).getName().toString();
        Env.Var v = lw.env.lookup(name);
        if (v == null) throw lw.error(u, "undefined name " + name + suggest(name));
        Value old = identifier((IdentifierTree) u.getExpression());
        requireNumber(old, u, "++/--");
        boolean up = u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.POSTFIX_INCREMENT;
        Value one = lw.constant(1, Type.INT);
        Value updated = lw.convertNumber(arithmetic(up ? "+" : "-", old, one, u), v.type);
        lw.env.assign(name, updated);
        boolean prefix = u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.PREFIX_DECREMENT;
        return prefix ? updated : old;
    }

    private Value binary(BinaryTree b) {
        Tree.Kind k = b.getKind();
        if (k == Tree.Kind.CONDITIONAL_AND || k == Tree.Kind.CONDITIONAL_OR) return shortCircuit(b);
        Value l = lower(b.getLeftOperand());
        Value r = lower(b.getRightOperand());
        switch (k) {
            case PLUS:
                if (l.type() == Type.STR || r.type() == Type.STR) return concat(l, r);
                return arithmetic("+", l, r, b);
            case MINUS: return arithmetic("-", l, r, b);
            case MULTIPLY: return arithmetic("*", l, r, b);
            case DIVIDE: return arithmetic("/", l, r, b);
            case REMAINDER: return arithmetic("%", l, r, b);
            case LESS_THAN: return compare(OpNames.SCALAR_LT, l, r, b, "<");
            case LESS_THAN_EQUAL: return compare(OpNames.SCALAR_LE, l, r, b, "<=");
            case GREATER_THAN: return compare(OpNames.SCALAR_GT, l, r, b, ">");
            case GREATER_THAN_EQUAL: return compare(OpNames.SCALAR_GE, l, r, b, ">=");
            case EQUAL_TO: return equality(l, r, b, true);
            case NOT_EQUAL_TO: return equality(l, r, b, false);
            case AND: case OR: case XOR:
                if (l.type() == Type.BOOL && r.type() == Type.BOOL) {
                    if (k == Tree.Kind.XOR) return lw.emit(OpNames.SCALAR_NE, Type.BOOL, l, r);
                    return lw.emit(k == Tree.Kind.AND ? OpNames.SCALAR_AND : OpNames.SCALAR_OR, Type.BOOL, l, r);
                }
                throw lw.error(b, "bitwise operators on numbers are not in the script subset");
            default:
                throw lw.error(b, "the operator " + k.toString().toLowerCase().replace('_', ' ') + " is not in the script subset");
        }
    }

    private Value concat(Value l, Value r) {
        return lw.emit(OpNames.STR_CONCAT, Type.STR, javaString(l), javaString(r));
    }

    /**
     * A value as Java's string conversion shows it, where the run time cannot tell: a record
     * prints as {@code P[a=1, b=2.0]} (its name and components are only in its type) and a map
     * entry as {@code k=v}; other values print at run time by {@code str::concat}.
     */
    private Value javaString(Value v) {
        Type t = v.type();
        if (!(t instanceof Type.TupleType) || ((Type.TupleType) t).recordName == null) {
            if (holdsRecord(t)) {
                throw lw.error(null, "printing " + ScriptTypes.article(t) + " is not in the script subset: print its records one by one");
            }
            return v;
        }
        Type.TupleType tt = (Type.TupleType) t;
        boolean entry = tt.recordName.equals("Map.Entry");
        Value text = lw.constant(entry ? "" : tt.recordName + "[", Type.STR);
        for (int k = 0; k < tt.elements.size(); k++) {
            String label = entry ? (k == 0 ? "" : "=") : (k == 0 ? "" : ", ") + tt.fieldNames.get(k) + "=";
            if (!label.isEmpty()) text = lw.emit(OpNames.STR_CONCAT, Type.STR, text, lw.constant(label, Type.STR));
            Value part = lw.emit(Prim.TUPLE_INDEX, tt.elements.get(k), v, lw.constant(k, Type.INT));
            text = lw.emit(OpNames.STR_CONCAT, Type.STR, text, javaString(part));
        }
        return entry ? text : lw.emit(OpNames.STR_CONCAT, Type.STR, text, lw.constant("]", Type.STR));
    }

    private static boolean holdsRecord(Type t) {
        if (t instanceof Type.TupleType) return ((Type.TupleType) t).recordName != null || ((Type.TupleType) t).elements.stream().anyMatch(Expressions::holdsRecord);
        if (t instanceof Type.ListType) return holdsRecord(((Type.ListType) t).element);
        if (t instanceof Type.DictType) return holdsRecord(((Type.DictType) t).key) || holdsRecord(((Type.DictType) t).value);
        if (t instanceof Type.OptionalType) return holdsRecord(((Type.OptionalType) t).element);
        return false;
    }

    private static String binaryOpName(Tree.Kind k) {
        switch (k) {
            case PLUS_ASSIGNMENT: return "+";
            case MINUS_ASSIGNMENT: return "-";
            case MULTIPLY_ASSIGNMENT: return "*";
            case DIVIDE_ASSIGNMENT: return "/";
            case REMAINDER_ASSIGNMENT: return "%";
            default: return k.toString();
        }
    }

    private void requireNumber(Value v, Tree where, String op) {
        if (!v.type().isNumber()) {
            String hint = v.type().isTensor() ? "; tensors use methods: add, sub, mul, div, neg ..." : "";
            throw lw.error(where, "the operator " + op + " needs numbers, not " + ScriptTypes.article(v.type()) + hint);
        }
    }

    /** Java arithmetic on numbers: binary numeric promotion, then the op at that width. */
    Value arithmetic(String op, Value l, Value r, Tree where) {
        requireNumber(l, where, op);
        requireNumber(r, where, op);
        Type t = ScriptTypes.promote(l.type(), r.type());
        Value a = lw.convertNumber(l, t);
        Value b = lw.convertNumber(r, t);
        String kind;
        switch (op) {
            case "+": kind = OpNames.SCALAR_ADD; break;
            case "-": kind = OpNames.SCALAR_SUB; break;
            case "*": kind = OpNames.SCALAR_MUL; break;
            case "/": kind = OpNames.SCALAR_DIV; break;
            default: kind = OpNames.SCALAR_MOD; break;
        }
        return lw.arithmeticOp(kind, t, a, b);
    }

    private Value compare(String kind, Value l, Value r, Tree where, String op) {
        requireNumber(l, where, op);
        requireNumber(r, where, op);
        Type t = ScriptTypes.promote(l.type(), r.type());
        return lw.emit(kind, Type.BOOL, lw.convertNumber(l, t), lw.convertNumber(r, t));
    }

    private Value equality(Value l, Value r, Tree where, boolean eq) {
        if (l.type().isNumber() && r.type().isNumber()) {
            Type t = ScriptTypes.promote(l.type(), r.type());
            return lw.emit(eq ? OpNames.SCALAR_EQ : OpNames.SCALAR_NE, Type.BOOL, lw.convertNumber(l, t), lw.convertNumber(r, t));
        }
        if (l.type() == Type.BOOL && r.type() == Type.BOOL || l.type() == Type.NONE || r.type() == Type.NONE
                || l.type() instanceof Type.OptionalType || r.type() instanceof Type.OptionalType
                || l.type() instanceof Type.EnumType && l.type().equals(r.type())) {
            return lw.emit(eq ? OpNames.SCALAR_EQ : OpNames.SCALAR_NE, Type.BOOL, l, r);
        }
        if (l.type() == Type.STR && r.type() == Type.STR) {
            throw lw.error(where, "== on Strings compares references in Java; use equals()");
        }
        if (l.type().isTensor() || r.type().isTensor()) {
            throw lw.error(where, "== on tensors compares references in Java; use eq() for elementwise equality");
        }
        throw lw.error(where, "cannot compare " + ScriptTypes.article(l.type()) + " with " + ScriptTypes.article(r.type()));
    }

    /** {@code a && b} as {@code if (a) b else false}; {@code a || b} as {@code if (a) true else b}. */
    private Value shortCircuit(BinaryTree b) {
        boolean and = b.getKind() == Tree.Kind.CONDITIONAL_AND;
        Value l = condition(b.getLeftOperand());
        return choose(l, () -> and ? condition(b.getRightOperand()) : lw.constant(true, Type.BOOL),
                () -> and ? lw.constant(false, Type.BOOL) : condition(b.getRightOperand()), Type.BOOL, b);
    }

    private Value conditional(ConditionalExpressionTree c, Type expected) {
        Value cond = condition(c.getCondition());
        return choose(cond, () -> lower(c.getTrueExpression(), expected), () -> lower(c.getFalseExpression(), expected),
                expected, c);
    }

    /**
     * An If with one result whose branches compute one value each; assignments the branches make
     * ({@code b ? v++ : 0}) are merged after it as an if statement's are. {@code expected} (nullable)
     * is the type the context wants: {@code c ? t : null} is then that type, as in Java, where any
     * reference may be null.
     */
    private Value choose(Value cond, java.util.function.Supplier<Value> a, java.util.function.Supplier<Value> b, Type expected, Tree where) {
        return lw.statements.branches(cond, () -> List.of(a.get()), () -> List.of(b.get()),
                (t, e) -> List.of(resultType(t.get(0).type(), e.get(0).type(), expected, where))).get(0);
    }

    private Type resultType(Type a, Type b, Type expected, Tree where) {
        if (a.isTensor() && b.isTensor()) return a.equals(b) ? a : Type.TENSOR;
        if (a.isNumber() && b.isNumber()) return ScriptTypes.promote(a, b);
        if (a.equals(b)) return a;
        Type present = b == Type.NONE ? a : a == Type.NONE ? b : null;
        if (present != null) {
            return expected != null && !expected.isNumber() && expected != Type.BOOL && ScriptTypes.assignable(present, expected)
                    ? expected : new Type.OptionalType(present);
        }
        throw lw.error(where, "the two sides of ?: have different types: " + ScriptTypes.name(a) + " and " + ScriptTypes.name(b));
    }

    private Value cast(TypeCastTree c) {
        Type to = lw.types.resolve(c.getType());
        Value v = lower(c.getExpression());
        if (to != null && to.isNumber() && v.type().isNumber()) return lw.convertNumber(v, to);
        if (to != null && ScriptTypes.assignable(v.type(), to)) return lw.coerce(v, to, c, "the cast");
        throw lw.error(c, "cannot cast " + ScriptTypes.article(v.type()) + " to " + ScriptTypes.name(to));
    }

    /** {@code x.shape()[i]} is the size of dimension i; other array indexing is outside the subset. */
    private Value arrayAccess(ArrayAccessTree a) {
        ExpressionTree arr = a.getExpression();
        if (arr instanceof MethodInvocationTree) {
            MethodInvocationTree m = (MethodInvocationTree) arr;
            if (m.getMethodSelect() instanceof MemberSelectTree && m.getArguments().isEmpty()
                    && ((MemberSelectTree) m.getMethodSelect()).getIdentifier().contentEquals("shape")) {
                Value t = lower(((MemberSelectTree) m.getMethodSelect()).getExpression());
                if (!t.type().isTensor()) throw lw.error(m, "shape() is a Tensor method");
                Value dim = lw.convertNumber(lower(a.getIndex()), Type.INT);
                return lw.emit(OpNames.SIZE, Type.LONG, t, dim);
            }
        }
        Value list = lower(arr);
        if (list.type() instanceof Type.ListType) {
            // A varargs parameter (Tensor... inputs) is a list: inputs[i] is its element i.
            Value index = lower(a.getIndex());
            if (!index.type().isIntegral()) throw lw.error(a.getIndex(), "an array index must be an int, not " + ScriptTypes.article(index.type()));
            return lw.emit(OpNames.LIST_GET, ((Type.ListType) list.type()).element, list, index);
        }
        throw lw.error(a, "arrays are not in the script subset (x.shape()[i] is); use List.get");
    }

    /** {@code new long[] {0, 1}} or {@code {0, 1}}: a constant or built list of ints for tensor-op arguments. */
    Value constantArray(NewArrayTree n) {
        if (n.getInitializers() == null) throw lw.error(n, "arrays are not in the script subset; use a List");
        List<Value> items = new ArrayList<>();
        for (ExpressionTree e : n.getInitializers()) items.add(lower(e));
        Type elem = items.isEmpty() ? Type.INT : items.get(0).type();
        for (Value v : items) {
            if (!v.type().isIntegral() && !v.type().isTensor()) {
                throw lw.error(n, "only arrays of ints (dimensions) or tensors are accepted, as arguments to tensor ops");
            }
        }
        Value[] vs = items.toArray(new Value[0]);
        return lw.emit(Prim.LIST_CONSTRUCT, new Type.ListType(elem.isIntegral() ? Type.INT : Type.TENSOR), vs);
    }
}
