package jitbook.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Block;
import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.ShapeArgs;
import jitbook.ir.Type;
import jitbook.ops.ArgType;
import jitbook.ops.DType;
import jitbook.ops.GradContext;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;
import jitbook.ops.TensorSpec;
import jitbook.ir.Value;

/**
 * The {@link GradContext} that builds IR: each {@code op(name, args)} of a registry gradient rule
 * appends a node of that op to the backward graph, typed by the op's shape rule (through
 * {@link ShapeArgs}, falling back to plain {@code Tensor} when the rule cannot tell). Arguments
 * may be values of the backward graph, values of the forward graph (mapped through the
 * {@link ValueMapper}, which saves them from the forward pass as needed), Java constants (made
 * {@code prim::Constant}s) and Java lists of these (made {@code prim::ListConstruct}s). So the
 * very rules eager autograd runs on tensors write the backward graph.
 */
public final class IrGradContext implements GradContext {
    /** How forward values reach the backward graph, and which of them need a gradient. */
    interface ValueMapper {
        /** The backward graph's value holding {@code forward}'s runtime value (saved if need be). */
        Value toBackward(Value forward);

        /** Whether the forward value depends on an input that requires grad (so it gets a gradient). */
        boolean needsGrad(Value forward);
    }

    private static final Type LIST_ANY = new Type.ListType(Type.ANY);

    private final OpRegistry registry;
    private final Graph backward;
    private final Graph forward;
    private final ValueMapper mapper;
    private final Map<String, Value> constants = new HashMap<>();
    /** Where nodes go: appended to {@link #block}, or inserted before {@link #anchor} when it is set. */
    Block block;
    Node anchor;

    IrGradContext(Graph backward, Graph forward, ValueMapper mapper) {
        this.registry = OpRegistry.global();
        this.backward = backward;
        this.forward = forward;
        this.mapper = mapper;
        this.block = backward.block();
    }

    @Override
    public Object op(String opName, Object... args) {
        OpDef def = registry.get(opName);
        Value[] ins = new Value[args.length];
        for (int i = 0; i < args.length; i++) ins[i] = value(args[i]);
        Node n = emit(opName, ins);
        n.addOutput(resultType(def, n));
        return n.output();
    }

    @Override
    public boolean isTensor(Object v) {
        if (!(v instanceof Value)) return false;
        Value val = (Value) v;
        return val.type().isTensor() || (val.graph() == forward && mapper.needsGrad(val));
    }

    @Override
    public boolean isFloatingTensor(Object v) {
        if (!(v instanceof Value)) return false;
        Value val = (Value) v;
        if (val.graph() == forward) {
            // Forward values: only those that need a gradient get one, so rules skip the rest.
            return mapper.needsGrad(val);
        }
        Type t = val.type();
        return t instanceof Type.TensorType && (((Type.TensorType) t).dtype == null || ((Type.TensorType) t).dtype.isFloating());
    }

    /** A backward-graph value for a rule argument. */
    Value value(Object a) {
        if (a instanceof Value) {
            Value v = (Value) a;
            return v.graph() == backward ? v : mapper.toBackward(v);
        }
        if (a instanceof List) {
            List<?> l = (List<?>) a;
            Value[] items = new Value[l.size()];
            boolean tensors = !l.isEmpty();
            for (int i = 0; i < items.length; i++) {
                items[i] = value(l.get(i));
                tensors &= items[i].type().isTensor();
            }
            Node n = emit(Prim.LIST_CONSTRUCT, items);
            Type elem = tensors ? Type.TENSOR : items.length > 0 ? items[0].type() : Type.ANY;
            return n.addOutput(new Type.ListType(elem));
        }
        return constant(a);
    }

    /** A {@code prim::Constant} at the start of the backward graph (so it is visible in every block), shared by equal values. */
    Value constant(Object c) {
        if (c instanceof int[]) c = Arrays.stream((int[]) c).asLongStream().toArray();
        if (c instanceof Integer || c instanceof Short || c instanceof Byte) c = ((Number) c).longValue();
        if (c instanceof Float) c = ((Float) c).doubleValue();
        if (c instanceof DType) c = ((DType) c).irName();
        final Object value = c;
        String key = value == null ? "None" : value.getClass().getSimpleName() + ":" + (value instanceof long[]
                ? Arrays.toString((long[]) value) : value instanceof double[] ? Arrays.toString((double[]) value) : String.valueOf(value));
        if (value instanceof jitbook.ops.NdArray) {
            return backward.insertConstant(value, new Type.TensorType(((jitbook.ops.NdArray) value).dtype(),
                    ((jitbook.ops.NdArray) value).shape()));
        }
        return constants.computeIfAbsent(key, k -> backward.insertConstant(
                value instanceof Long && (Long) value == ((Long) value).intValue() ? (Object) ((Long) value).intValue() : value,
                typeOf(value)));
    }

    private static Type typeOf(Object v) {
        if (v == null) return Type.NONE;
        if (v instanceof Boolean) return Type.BOOL;
        if (v instanceof Long) return (Long) v == ((Long) v).intValue() ? Type.INT : Type.LONG;
        if (v instanceof Double) return Type.DOUBLE;
        if (v instanceof String) return Type.STR;
        if (v instanceof long[]) return new Type.ListType(Type.INT);
        if (v instanceof double[]) return new Type.ListType(Type.DOUBLE);
        throw new IllegalArgumentException("a gradient rule passed a constant the IR cannot hold: " + v.getClass().getName());
    }

    Node emit(String kind, Value... ins) {
        return anchor == null ? block.append(kind, ins) : anchor.owningBlock().insertBefore(kind, anchor, ins);
    }

    Node emit(Prim kind, Value... ins) {
        return emit(kind.irName(), ins);
    }

    /** The output type: the op's shape rule on the abstract arguments, else what the schema says. */
    private static Type resultType(OpDef def, Node n) {
        ArgType r = def.schema().result();
        if (r == ArgType.TENSOR || def.shapeRule() != null) {
            Object[] args = ShapeArgs.of(n);
            if (args != null && def.shapeRule() != null) {
                try {
                    TensorSpec s = def.shapeRule().infer(args);
                    if (s != null) return Type.TensorType.of(s);
                } catch (RuntimeException e) {
                    // The rule cannot judge these abstract arguments: the type stays unknown.
                }
            }
            return Type.TENSOR;
        }
        switch (r) {
            case INT: return Type.LONG;
            case FLOAT: return Type.DOUBLE;
            case BOOL: return Type.BOOL;
            case STR: return Type.STR;
            case INT_LIST: return new Type.ListType(Type.INT);
            case TENSOR_LIST: return new Type.ListType(Type.TENSOR);
            default: return Type.ANY;
        }
    }

    static Type listAny() {
        return LIST_ANY;
    }

    static List<Value> values(Node n) {
        return new ArrayList<>(n.inputs());
    }
}
