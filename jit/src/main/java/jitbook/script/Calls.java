package jitbook.script;

import java.util.ArrayList;
import java.util.List;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;

import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.DType;
import jitbook.ops.EditDistance;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.ops.OpNames;
import jitbook.ops.OpRegistry;
import jitbook.tensor.Tensor;

/**
 * Lowers calls and member access: tensor methods and {@code Tensors.*} factories bound to
 * registry ops by their schema names, {@code Math.*} and printing, list/map/string methods,
 * records, fields and methods of classes and modules, other script functions
 * ({@code prim::CallFunction}), and library functions (such as {@code F.relu}), which are
 * compiled from their own source and inlined.
 */
final class Calls {
    private final Lowering lw;
    private final OpBinding binding;
    private final Containers containers;

    Calls(Lowering lw) {
        this.lw = lw;
        this.binding = new OpBinding(lw);
        this.containers = new Containers(lw, this);
    }

    OpBinding binding() {
        return binding;
    }

    Value call(MethodInvocationTree m, Type expected) {
        ExpressionTree sel = m.getMethodSelect();
        if (!m.getTypeArguments().isEmpty()) throw lw.error(m, "explicit generic method arguments are not in the script subset");
        if (sel instanceof IdentifierTree) {
            return unqualified(m, ((IdentifierTree) sel).getName().toString());
        }
        MemberSelectTree ms = (MemberSelectTree) sel;
        String name = ms.getIdentifier().toString();
        ExpressionTree recv = ms.getExpression();
        Value className = classNameOf(recv, name);
        if (className != null) return className;
        if (recv instanceof IdentifierTree && ((IdentifierTree) recv).getName().contentEquals("super")) return superCall(m, name);
        String staticName = staticReceiver(recv);
        if (staticName != null) return staticCall(m, staticName, name, expected);
        Value self = lw.expressions.lower(recv);
        return instanceCall(m, self, name, expected);
    }

    /** {@code getClass().getSimpleName()} (or {@code getName()}): a constant, the class being known at compile time. */
    private Value classNameOf(ExpressionTree recv, String name) {
        if (!(name.equals("getSimpleName") || name.equals("getName")) || !(recv instanceof MethodInvocationTree)) return null;
        MethodInvocationTree gc = (MethodInvocationTree) recv;
        ExpressionTree sel = gc.getMethodSelect();
        if (!gc.getArguments().isEmpty()) return null;
        Value obj;
        if (sel instanceof IdentifierTree && ((IdentifierTree) sel).getName().contentEquals("getClass") && lw.self != null) obj = lw.self;
        else if (sel instanceof MemberSelectTree && ((MemberSelectTree) sel).getIdentifier().contentEquals("getClass")) {
            obj = lw.expressions.lower(((MemberSelectTree) sel).getExpression());
        } else {
            return null;
        }
        Value v = lw.live.className(obj, name.equals("getSimpleName"));
        if (v == null) {
            throw lw.error(recv, ScriptTypes.name(obj.type()) + " has no method getClass in the script subset"
                    + " (getClass().getSimpleName() of a module or object is a constant)");
        }
        return v;
    }

    /** {@code super.m(...)}: the method of the class this one extends, called on self without dispatch. */
    private Value superCall(MethodInvocationTree m, String name) {
        ClassInfo declaring = lw.signature.declaring;
        if (lw.self == null || declaring == null || declaring.parent == null) {
            throw lw.error(m, "super." + name + "(...) needs a method of a class that extends another (a Module subclass)");
        }
        return invokeMethod(m, lw.self, declaring.parent, name, args(m), false);
    }

    /** The class name when {@code recv} names a class rather than a value (Tensors, Math, a user class ...). */
    private String staticReceiver(ExpressionTree recv) {
        String text = recv.toString();
        if (text.equals("System.out") || text.equals("System.err")) return text;
        if (!(recv instanceof IdentifierTree)) return null;
        String n = ((IdentifierTree) recv).getName().toString();
        if (lw.env.lookup(n) != null) return null;
        if (lw.self != null && lw.signature.owner != null && lw.signature.owner.fields.containsKey(n)) return null;
        if (Character.isUpperCase(n.charAt(0))) return n;
        return null;
    }

    List<Value> args(MethodInvocationTree m) {
        List<Value> out = new ArrayList<>();
        for (ExpressionTree a : m.getArguments()) out.add(lw.expressions.lower(a));
        return out;
    }

    // ---- static calls ---------------------------------------------------------------------------

    private Value staticCall(MethodInvocationTree m, String cls, String name, Type expected) {
        switch (cls) {
            case "System.out":
            case "System.err":
                if (!name.equals("println") && !name.equals("print")) throw lw.error(m, "only System.out.println is in the script subset");
                Node n = lw.append(Prim.PRINT, args(m).toArray(new Value[0]));
                return lw.none();
            case "Tensors":
                return tensorsFactory(m, name);
            case "Math":
                return math(m, name);
            case "Dispatcher":
                return directOp(m);
            case "List":
            case "Map":
            case "Optional":
                return containers.staticCall(m, cls, name, expected);
            case "Jit":
                throw lw.error(m, "Jit.* cannot be called from compiled code");
            default:
                break;
        }
        ClassInfo info = lw.unit().classInfo(cls, m);
        if (info != null) {
            List<Value> args = args(m);
            Signature sig = info.method(name, types(args));
            if (sig == null) throw lw.error(m, cls + " has no method " + name + " taking " + args.size() + " arguments"
                    + suggestions(name, info.methods.keySet()));
            if (sig.owner != null) throw lw.error(m, cls + "." + name + " is not static; call it on an object");
            return invokeFunction(m, sig, args, null);
        }
        throw lw.error(m, "unknown class " + cls + " (the script subset can call Tensors, F, Math, List, Map, Optional, "
                + "System.out.println and classes compiled with it)");
    }

    private Value tensorsFactory(MethodInvocationTree m, String name) {
        if (name.equals("tensor")) return constantTensor(m);
        if (name.equals("manualSeed")) throw lw.error(m, "Tensors.manualSeed cannot be called from compiled code; seed before calling it");
        List<Value> args = args(m);
        if (name.equals("arange") && args.size() == 1) {
            // Tensors.arange(end) is arange(0, end), as in Java (and PyTorch's arange(end) overload).
            Value end = args.get(0);
            args = List.of(end.type().isIntegral() ? lw.constant(0, Type.INT) : lw.constant(0.0, Type.DOUBLE), end);
        }
        OpDef op = findFactoryOp(name, m);
        return binding.emit(op, args, m, null);
    }

    /** {@code Tensors.tensor(new float[] {...})}: a tensor constant made at compile time. */
    private Value constantTensor(MethodInvocationTree m) {
        if (m.getArguments().size() != 1 || !(m.getArguments().get(0) instanceof NewArrayTree)) {
            throw lw.error(m, "in compiled code Tensors.tensor takes an array literal such as new float[] {1, 2}");
        }
        NewArrayTree arr = (NewArrayTree) m.getArguments().get(0);
        String elem = arr.getType() == null ? "double" : arr.getType().toString();
        List<Double> vals = new ArrayList<>();
        for (ExpressionTree e : arr.getInitializers()) vals.add(literalNumber(e));
        DType dt = elem.equals("float") ? DType.FLOAT32 : elem.equals("double") ? DType.FLOAT64
                : elem.equals("long") || elem.equals("int") ? DType.INT64 : null;
        if (dt == null) throw lw.error(arr, "unsupported element type " + elem + " for a tensor constant");
        NdArray a = NdArray.zeros(dt, new long[] {vals.size()});
        for (int i = 0; i < vals.size(); i++) a.setDouble(i, vals.get(i));
        return lw.constant(a, new Type.TensorType(dt, new long[] {vals.size()}));
    }

    private double literalNumber(ExpressionTree e) {
        boolean neg = false;
        if (e.getKind() == Tree.Kind.UNARY_MINUS) {
            neg = true;
            e = ((com.sun.source.tree.UnaryTree) e).getExpression();
        }
        if (e instanceof LiteralTree && ((LiteralTree) e).getValue() instanceof Number) {
            double d = ((Number) ((LiteralTree) e).getValue()).doubleValue();
            return neg ? -d : d;
        }
        throw lw.error(e, "a tensor constant needs number literals");
    }

    private Value math(MethodInvocationTree m, String name) {
        List<Value> args = args(m);
        for (Value a : args) {
            if (!a.type().isNumber()) throw lw.error(m, "Math." + name + " needs numbers, not " + ScriptTypes.article(a.type()));
        }
        OpDef op = OpRegistry.global().find("scalar::" + name);
        if (op == null || !op.has(jitbook.ops.OpTrait.SCALAR)) {
            throw lw.error(m, "Math." + name + " is not in the script subset (sqrt, exp, log, sin, cos, tanh, floor, ceil, abs, max, min, pow are)");
        }
        Type result;
        if (name.equals("abs")) {
            // Math.abs has int, long, float and double overloads; byte and short arguments widen to int.
            Type t = args.get(0).type();
            result = t == Type.LONG || t == Type.FLOAT ? t : t.isIntegral() ? Type.INT : Type.DOUBLE;
            args = List.of(lw.convertNumber(args.get(0), result));
        } else if (name.equals("max") || name.equals("min")) {
            if (args.size() != 2) throw lw.error(m, "Math." + name + " takes two numbers");
            result = ScriptTypes.promote(args.get(0).type(), args.get(1).type());
            args = List.of(lw.convertNumber(args.get(0), result), lw.convertNumber(args.get(1), result));
        } else {
            result = Type.DOUBLE;
        }
        if (args.size() != op.schema().arity()) throw lw.error(m, "Math." + name + " takes " + op.schema().arity() + " arguments");
        return lw.emit(op.name(), result, args.toArray(new Value[0]));
    }

    /**
     * {@code Dispatcher.tensor(OpNames.LINEAR, args...)} (or the wire name as a string literal):
     * library code naming a registry op directly.
     */
    private Value directOp(MethodInvocationTree m) {
        List<? extends ExpressionTree> as = m.getArguments();
        String opName = as.isEmpty() ? null : opNameOf(as.get(0));
        if (opName == null) {
            throw lw.error(m, "Dispatcher calls need the op as an OpNames constant (OpNames.LINEAR) or its name as a string literal");
        }
        OpDef op = OpRegistry.global().find(opName);
        if (op == null) throw lw.error(as.get(0), "unknown op " + opName);
        List<Value> args = new ArrayList<>();
        for (int i = 1; i < as.size(); i++) args.add(lw.expressions.lower(as.get(i)));
        return binding.emit(op, args, m, null);
    }

    /** The op name an argument spells: a string literal, or a constant of {@link OpNames}; else null. */
    private static String opNameOf(ExpressionTree e) {
        if (e instanceof LiteralTree && ((LiteralTree) e).getValue() instanceof String) return (String) ((LiteralTree) e).getValue();
        if (e instanceof MemberSelectTree && ((MemberSelectTree) e).getExpression().toString().equals("OpNames")) {
            return OpNames.ofConstant(((MemberSelectTree) e).getIdentifier().toString());
        }
        return null;
    }

    // ---- unqualified and instance calls -------------------------------------------------------------

    private Value unqualified(MethodInvocationTree m, String name) {
        if (name.equals("isTraining") && m.getArguments().isEmpty() && lw.self != null) return training(lw.self);
        ClassInfo declaring = lw.signature.declaring;
        List<Value> args = args(m);
        if (declaring != null && declaring.hasMethod(name)) {
            Signature sig = declaring.method(name, types(args));
            if (sig == null) throw lw.error(m, declaring.name + "." + name + " takes a different number of arguments than " + args.size());
            if (sig.owner != null) {
                if (lw.self == null) throw lw.error(m, name + " is an instance method and cannot be called from a static one");
                return invokeMethod(m, lw.self, declaring, name, args, true);
            }
            return invokeFunction(m, sig, args, null);
        }
        Signature sig = lw.unit().function(name);
        if (sig != null) return invokeFunction(m, sig, args, null);
        List<String> known = new ArrayList<>(lw.unit().functionNames());
        if (declaring != null) known.addAll(declaring.methodNames());
        throw lw.error(m, "undefined method " + name + suggestions(name, known));
    }

    private Value instanceCall(MethodInvocationTree m, Value self, String name, Type expected) {
        Type t = self.type();
        if (t.isTensor()) return tensorMethod(m, self, name);
        if (lw.live.moduleList(self) != null) return moduleListCall(m, lw.live.moduleList(self), name);
        if (t instanceof Type.ListType || t instanceof Type.DictType || t == Type.STR || t instanceof Type.OptionalType) {
            return containers.instanceCall(m, self, name, expected);
        }
        if (t instanceof Type.TupleType && ((Type.TupleType) t).recordName != null) {
            Type.TupleType tt = (Type.TupleType) t;
            int k = tt.fieldNames.indexOf(name);
            if (k < 0 || !m.getArguments().isEmpty()) {
                throw lw.error(m, tt.recordName + " has no accessor " + name + "()" + suggestions(name, tt.fieldNames));
            }
            return lw.emit(Prim.TUPLE_INDEX, tt.elements.get(k), self, lw.constant(k, Type.INT));
        }
        if (t instanceof Type.EnumType) return enumMethod(m, self, name);
        if (t instanceof Type.ClassType) {
            if (name.equals("isTraining") && m.getArguments().isEmpty()) return training(self);
            ClassInfo info = classOf(self, m);
            return invokeMethod(m, self, info, name, args(m), true);
        }
        throw lw.error(m, ScriptTypes.name(t) + " has no method " + name + " in the script subset");
    }

    /** The methods of an enum constant: ordinal(), name(), toString(), equals(). */
    private Value enumMethod(MethodInvocationTree m, Value self, String name) {
        List<Value> a = args(m);
        switch (name + "/" + a.size()) {
            case "ordinal/0": return lw.emit(OpNames.ENUM_ORDINAL, Type.INT, self);
            case "name/0": case "toString/0": return lw.emit(OpNames.ENUM_NAME, Type.STR, self);
            case "equals/1": return lw.emit(OpNames.SCALAR_EQ, Type.BOOL, self, a.get(0));
            default:
                throw lw.error(m, ScriptTypes.name(self.type()) + "." + name + " is not in the script subset (ordinal, name, toString and equals are)");
        }
    }

    /** size(), isEmpty() and get(constant) of a list of submodules, known at compile time. */
    private Value moduleListCall(MethodInvocationTree m, LiveModules.ModuleList l, String name) {
        switch (name) {
            case "size":
                return lw.constant(l.elements.size(), Type.INT);
            case "isEmpty":
                return lw.constant(l.elements.isEmpty(), Type.BOOL);
            case "get": {
                Value k = m.getArguments().size() == 1 ? lw.expressions.lower(m.getArguments().get(0)) : null;
                if (k == null || !k.isConstant() || !(k.constantValue() instanceof Number)) {
                    throw lw.error(m, "a list of submodules is indexed with a constant (" + l.field + ".get(0)), or iterated:"
                            + " for (Linear layer : " + l.field + ") { ... }");
                }
                int i = ((Number) k.constantValue()).intValue();
                if (i < 0 || i >= l.elements.size()) throw lw.error(m, "index " + i + " is out of range for " + l.field + " (" + l.elements.size() + " submodules)");
                return lw.live.element(l, i, m);
            }
            default:
                throw lw.error(m, "a list of submodules (" + l.field + ") can be iterated, indexed with a constant or sized in compiled code,"
                        + " not ." + name + "(...)");
        }
    }

    private static List<Type> types(List<Value> vs) {
        List<Type> out = new ArrayList<>();
        for (Value v : vs) out.add(v.type());
        return out;
    }

    /**
     * A method call on a tensor: bound to the registry op whose schema has the method's name, the
     * receiver passed as the op's {@code self} parameter (TorchScript's rule: {@code x.where(c, y)}
     * is {@code where(c, x, y)}), a number result typed as the Java method returns it
     * ({@code dim()} an int, {@code numel()} a long). The few methods that are compositions of
     * other ops in {@link Tensor} are spelled out here; a public method of {@link Tensor} with no
     * op behind it is eager-only.
     */
    private Value tensorMethod(MethodInvocationTree m, Value self, String name) {
        switch (name) {
            case "booleanValue":
                return lw.emit(OpNames.SCALAR_NE, Type.BOOL, lw.emit(OpNames.ITEM, Type.DOUBLE, self), lw.constant(0.0, Type.DOUBLE));
            case "shape":
                throw lw.error(m, "shape() gives an array, which compiled code cannot hold; use x.shape()[i] or x.size(i)");
            case "get": {
                List<Value> a = new ArrayList<>();
                a.add(self);
                a.add(lw.constant(0, Type.INT));
                a.addAll(args(m));
                return binding.emit(OpRegistry.global().get(OpNames.SELECT), a, m, null);
            }
            case "rsub": {
                List<Value> a = args(m);
                if (a.size() != 1) throw lw.error(m, "rsub takes one number");
                return binding.emit(OpRegistry.global().get(OpNames.SUB), List.of(a.get(0), self), m, null);
            }
            default:
                break;
        }
        List<Value> args = args(m);
        OpDef op = findMethodOp(name, m);
        List<Value> a = new ArrayList<>(args);
        a.add(Math.min(receiverParam(op), a.size()), self);
        return binding.emit(op, a, m, op.schema().result() == jitbook.ops.ArgType.TENSOR ? null : javaResultType(name, args.size()));
    }

    /** The parameter a method call's receiver binds to: the one named {@code self}, else the first. */
    private static int receiverParam(OpDef op) {
        List<jitbook.ops.Schema.Param> ps = op.schema().params();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).name.equals("self")) return i;
        }
        return 0;
    }

    /** The registry op a tensor method call binds to: its schema method is {@code name} and its receiver parameter takes a tensor. */
    private OpDef findMethodOp(String name, Tree where) {
        for (OpDef d : OpRegistry.global().byMethodName(name)) {
            if (d.schema().arity() > 0 && d.schema().params().get(receiverParam(d)).type.acceptsTensor()) return d;
        }
        for (java.lang.reflect.Method jm : Tensor.class.getMethods()) {
            if (jm.getName().equals(name) && jm.getDeclaringClass() == Tensor.class && !java.lang.reflect.Modifier.isStatic(jm.getModifiers())) {
                throw lw.error(where, "Tensor." + name + "() is eager-only and not available in compiled code");
            }
        }
        throw lw.error(where, "Tensor has no method " + name + suggestions(name, tensorOpMethodNames()));
    }

    /** The script type of a number the Java method {@code Tensor.name} returns (its overload taking {@code arity} arguments), or null. */
    private static Type javaResultType(String name, int arity) {
        for (java.lang.reflect.Method jm : Tensor.class.getMethods()) {
            if (!jm.getName().equals(name) || jm.getParameterCount() != arity) continue;
            Class<?> r = jm.getReturnType();
            if (r == int.class) return Type.INT;
            if (r == long.class) return Type.LONG;
            if (r == double.class) return Type.DOUBLE;
            if (r == boolean.class) return Type.BOOL;
        }
        return null;
    }

    private static List<String> tensorOpMethodNames() {
        List<String> names = new ArrayList<>();
        for (OpDef d : OpRegistry.global().all()) {
            if (!d.has(jitbook.ops.OpTrait.SCALAR)) names.add(d.schema().methodName());
        }
        return names;
    }

    /** The registry op a {@code Tensors.name(...)} factory call binds to. */
    private OpDef findFactoryOp(String name, Tree where) {
        for (OpDef d : OpRegistry.global().byMethodName(name)) {
            if (!d.has(jitbook.ops.OpTrait.SCALAR)) return d;
        }
        throw lw.error(where, "Tensors has no function " + name + suggestions(name, tensorOpMethodNames()));
    }

    // ---- functions and methods ---------------------------------------------------------------------------

    /** A call to a free function: kept as prim::CallFunction for user functions, inlined for library code. */
    Value invokeFunction(Tree where, Signature sig, List<Value> args, Value self) {
        List<Value> converted = convertArgs(where, sig, args);
        if (lw.unit().isLibrary(sig)) {
            return lw.unit().inline(lw, sig, self, converted, where);
        }
        lw.unit().requireCompiled(sig, where, null);
        Node n = lw.append(Prim.CALL_FUNCTION, converted.toArray(new Value[0]));
        n.setAttr(Node.NAME, sig.qualifiedName());
        return sig.isVoid() ? lw.none() : n.addOutput(sig.returnType);
    }

    private List<Value> convertArgs(Tree where, Signature sig, List<Value> args) {
        for (Value a : args) lw.live.requireRuntimeValue(a, where);
        if (sig.varargs) args = packVarargs(sig, args, where);
        if (args.size() != sig.paramTypes.size()) {
            throw lw.error(where, sig.name + " takes " + sig.paramTypes.size() + " arguments, got " + args.size());
        }
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            out.add(lw.coerce(args.get(i), sig.paramTypes.get(i), where, "parameter " + sig.paramNames.get(i) + " of " + sig.name));
        }
        return out;
    }

    /** Java passes a varargs method's trailing arguments as one array: here, one list (unless a list is passed as it). */
    private List<Value> packVarargs(Signature sig, List<Value> args, Tree where) {
        int fixed = sig.paramTypes.size() - 1;
        Type listType = sig.paramTypes.get(fixed);
        if (args.size() == sig.paramTypes.size() && ScriptTypes.assignable(args.get(fixed).type(), listType)) return args;
        Type elem = ((Type.ListType) listType).element;
        List<Value> items = new ArrayList<>();
        for (int i = fixed; i < args.size(); i++) items.add(lw.coerce(args.get(i), elem, where, "argument " + (i + 1) + " of " + sig.name));
        List<Value> out = new ArrayList<>(args.subList(0, fixed));
        out.add(lw.emit(Prim.LIST_CONSTRUCT, listType, items.toArray(new Value[0])));
        return out;
    }

    /**
     * A method call on an object: prim::CallMethod (library modules' methods are inlined). With
     * {@code dispatch}, the live object's class (when known) chooses the method, as Java's virtual
     * call would; {@code super.m()} calls {@code cls}'s own and is inlined.
     */
    Value invokeMethod(Tree where, Value obj, ClassInfo cls, String name, List<Value> args) {
        return invokeMethod(where, obj, cls, name, args, true);
    }

    Value invokeMethod(Tree where, Value obj, ClassInfo cls, String name, List<Value> args, boolean dispatch) {
        Object live = lw.live.of(obj);
        if (dispatch && live != null) {
            ClassInfo actual = lw.unit().classInfo(live.getClass().getSimpleName(), where);
            if (actual != null) cls = actual;
        }
        Signature sig = cls.method(name, types(args));
        if (sig == null) throw lw.error(where, cls.name + " has no method " + name + " taking " + args.size() + " arguments"
                + suggestions(name, cls.methodNames()));
        List<Value> converted = convertArgs(where, sig, args);
        if (sig.ignored) {
            // @Ignore: plain Java, called on the live module at run time; its body is never compiled.
            List<Value> ins = new ArrayList<>();
            ins.add(obj);
            ins.addAll(converted);
            Node n = lw.append(Prim.JAVA_CALL, ins.toArray(new Value[0]));
            n.setAttr(Node.NAME, name);
            return sig.isVoid() ? lw.none() : n.addOutput(sig.returnType);
        }
        if (lw.unit().isLibrary(sig) || !dispatch) {
            return lw.unit().inline(lw, sig, obj, converted, where);
        }
        lw.unit().requireCompiled(sig, where, live);
        List<Value> ins = new ArrayList<>();
        ins.add(obj);
        ins.addAll(converted);
        Node n = lw.append(Prim.CALL_METHOD, ins.toArray(new Value[0]));
        n.setAttr(Node.NAME, sig.owner.irName(sig));
        return sig.isVoid() ? lw.none() : n.addOutput(sig.returnType);
    }

    /** {@code isTraining()} of a module: its training flag, read at call time (train()/eval() apply). */
    private Value training(Value module) {
        Node n = lw.append(Prim.GET_ATTR, module);
        n.setAttr(Node.NAME, "training");
        return n.addOutput(Type.BOOL);
    }

    // ---- fields -----------------------------------------------------------------------------------------

    ClassInfo classOf(Value obj, Tree where) {
        if (!(obj.type() instanceof Type.ClassType)) {
            throw lw.error(where, ScriptTypes.article(obj.type()) + " has no fields");
        }
        ClassInfo info = lw.unit().classInfo(((Type.ClassType) obj.type()).name, where);
        if (info == null) throw lw.error(where, "unknown class " + ((Type.ClassType) obj.type()).name);
        return info;
    }

    Value getField(Value obj, ClassInfo cls, String name, Tree where) {
        Type t = cls.fields.get(name);
        if (t == null) throw lw.error(where, cls.name + " has no field " + name + suggestions(name, cls.fields.keySet()));
        Value live = lw.live.field(obj, name, t, where);
        if (live != null) return live;
        Node n = lw.append(Prim.GET_ATTR, obj);
        n.setAttr(Node.NAME, name);
        return n.addOutput(name, t);
    }

    Value setField(Value obj, ClassInfo cls, String name, ExpressionTree valueExpr, Tree where) {
        Type t = cls.fields.get(name);
        if (t == null) throw lw.error(where, cls.name + " has no field " + name + suggestions(name, cls.fields.keySet()));
        Value v = lw.coerce(lw.expressions.lower(valueExpr, t), t, valueExpr, "field " + name);
        Node n = lw.append(Prim.SET_ATTR, obj, v);
        n.setAttr(Node.NAME, name);
        return v;
    }

    /** {@code a.b} that is not a call: a field of an object, an enum constant, {@code Math.PI}, a dtype. */
    Value fieldOrConstant(MemberSelectTree m) {
        String name = m.getIdentifier().toString();
        String recv = m.getExpression().toString();
        if (recv.equals("Math")) {
            if (name.equals("PI")) return lw.constant(Math.PI, Type.DOUBLE);
            if (name.equals("E")) return lw.constant(Math.E, Type.DOUBLE);
        }
        if (recv.equals("DType") || recv.endsWith(".DType")) {
            try {
                return lw.constant(DType.valueOf(name).irName(), Type.STR);
            } catch (IllegalArgumentException e) {
                throw lw.error(m, "unknown dtype " + name);
            }
        }
        if (recv.equals("Integer") || recv.equals("Long") || recv.equals("Double")) {
            return numericConstant(m, recv, name);
        }
        String staticName = m.getExpression() instanceof IdentifierTree && lw.env.lookup(recv) == null
                && !(lw.self != null && lw.signature.owner != null && lw.signature.owner.fields.containsKey(recv)) && Character.isUpperCase(recv.charAt(0)) ? recv : null;
        if (staticName != null) {
            ClassInfo info = lw.unit().classInfo(staticName, m);
            Value constant = info == null ? null : lw.live.staticConstant(info, name, m);
            if (constant != null) return constant;
            if (info != null && info.kind == ClassInfo.Kind.ENUM) {
                Integer ord = info.enumConstants.get(name);
                if (ord == null) throw lw.error(m, "enum " + staticName + " has no constant " + name + suggestions(name, info.enumConstants.keySet()));
                return lw.constant(info.enumValue(name), info.type());
            }
            throw lw.error(m, "static fields other than static final constants are not in the script subset (" + recv + "." + name + ")");
        }
        Value obj = lw.expressions.lower(m.getExpression());
        if (name.equals("length") && obj.type() instanceof Type.ListType) {
            // A varargs parameter is a list: its array length is the list's size.
            return lw.convertNumber(lw.emit(OpNames.LIST_SIZE, Type.LONG, obj), Type.INT);
        }
        if (obj.type() instanceof Type.TupleType) {
            throw lw.error(m, "read record components with their accessor: " + name + "()");
        }
        if (name.equals("length") && obj.type() == Type.STR) throw lw.error(m, "use length() on Strings");
        return getField(obj, classOf(obj, m), name, m);
    }

    private Value numericConstant(MemberSelectTree m, String cls, String name) {
        switch (cls + "." + name) {
            case "Integer.MAX_VALUE": return lw.constant(Integer.MAX_VALUE, Type.INT);
            case "Integer.MIN_VALUE": return lw.constant(Integer.MIN_VALUE, Type.INT);
            case "Long.MAX_VALUE": return lw.constant(Long.MAX_VALUE, Type.LONG);
            case "Long.MIN_VALUE": return lw.constant(Long.MIN_VALUE, Type.LONG);
            case "Double.POSITIVE_INFINITY": return lw.constant(Double.POSITIVE_INFINITY, Type.DOUBLE);
            case "Double.NEGATIVE_INFINITY": return lw.constant(Double.NEGATIVE_INFINITY, Type.DOUBLE);
            case "Double.NaN": return lw.constant(Double.NaN, Type.DOUBLE);
            default: throw lw.error(m, cls + "." + name + " is not in the script subset");
        }
    }

    // ---- object creation -----------------------------------------------------------------------------------

    Value newObject(NewClassTree n, Type expected) {
        if (n.getClassBody() != null) throw lw.error(n, "anonymous classes are not in the script subset");
        if (n.getEnclosingExpression() != null) throw lw.error(n, "inner class creation is not in the script subset");
        String cls = ScriptTypes.simpleName(n.getIdentifier());
        switch (cls) {
            case "ArrayList":
            case "HashMap":
            case "LinkedHashMap":
                return containers.newContainer(n, cls, expected);
            default:
                break;
        }
        if (cls.endsWith("Exception") || cls.endsWith("Error")) {
            throw lw.error(n, "exceptions can only be created in a throw statement");
        }
        ClassInfo info = lw.unit().classInfo(cls, n);
        if (info == null) throw lw.error(n, "unknown class " + cls);
        List<Value> args = new ArrayList<>();
        for (ExpressionTree a : n.getArguments()) args.add(lw.expressions.lower(a));
        if (info.kind == ClassInfo.Kind.RECORD) {
            Type.TupleType tt = (Type.TupleType) info.type();
            if (args.size() != tt.elements.size()) {
                throw lw.error(n, "record " + cls + " has " + tt.elements.size() + " components, got " + args.size());
            }
            Value[] vs = new Value[args.size()];
            for (int i = 0; i < vs.length; i++) vs[i] = lw.coerce(args.get(i), tt.elements.get(i), n, "component " + tt.fieldNames.get(i));
            return lw.emit(Prim.TUPLE_CONSTRUCT, tt, vs);
        }
        if (info.kind == ClassInfo.Kind.CLASS) {
            return lw.unit().construct(lw, info, args, n);
        }
        throw lw.error(n, "modules cannot be created inside compiled code; create them in Java and pass or hold them");
    }

    static String suggestions(String name, java.util.Collection<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = EditDistance.of(k.toLowerCase(), name.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? "; did you mean " + best + "?" : "";
    }
}
