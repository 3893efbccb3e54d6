package jitbook.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.SourceRange;
import jitbook.ir.Type;
import jitbook.ir.Value;
import jitbook.ops.ArgType;
import jitbook.ops.NdArray;
import jitbook.ops.OpDef;
import jitbook.tensor.DispatchListener;
import jitbook.tensor.Tensor;

/**
 * Records the ops that eager code runs on one thread into a {@link Graph}. Example inputs become
 * graph inputs; tensors registered as attributes (a module's parameters) are read with
 * {@code prim::GetAttr} chains from {@code self}; any other tensor the code uses becomes a
 * constant; Java numbers, lists and flags become constants. Installed by {@link Tracing} for
 * the extent of one trace only.
 */
public final class Tracer implements DispatchListener {
    private final Graph graph = new Graph();
    private final Map<Tensor, Value> values = new IdentityHashMap<>();
    private final Map<Tensor, List<String>> attributePaths = new IdentityHashMap<>();
    private final Map<String, Value> attributeReads = new HashMap<>();
    private final boolean strict;
    private final List<TracerWarning> warnings = new ArrayList<>();
    private final Set<String> warnedSites = new HashSet<>();
    private final Map<String, String> submoduleClasses = new HashMap<>();
    private Value self;

    Tracer(boolean strict) {
        this.strict = strict;
    }

    Graph graph() {
        return graph;
    }

    List<TracerWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Makes {@code self} the graph's first input, of the module's class type. */
    void addSelf(String className) {
        self = graph.addInput("self", new Type.ClassType(className));
    }

    void addInput(Tensor t, String name) {
        Value v = graph.addInput(name, tensorType(t));
        values.putIfAbsent(t, v);
    }

    /** Registers a tensor reachable from {@code self} by the attribute path (e.g. fc1, weight). */
    void addAttribute(Tensor t, List<String> path) {
        attributePaths.putIfAbsent(t, path);
    }

    /** Names the class of the submodule at a dotted attribute path, for the GetAttr's type. */
    void addSubmoduleClass(String dottedPath, String className) {
        submoduleClasses.put(dottedPath, className);
    }

    void addOutput(Object out) {
        graph.addOutput(valueOf(out, null));
    }

    static Type tensorType(Tensor t) {
        return new Type.TensorType(t.dtype(), t.shape());
    }

    @Override
    public void onOp(OpDef op, Object[] args, Object result) {
        List<Value> ins = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            ArgType declared = i < op.schema().arity() ? op.schema().params().get(i).type : ArgType.ANY;
            ins.add(valueOf(args[i], declared));
        }
        Node n = graph.block().append(op.name(), ins.toArray(new Value[0]));
        n.setSource(sourceHere());
        if (result instanceof Tensor) {
            values.put((Tensor) result, n.addOutput(tensorType((Tensor) result)));
        } else {
            n.addOutput(typeOfJava(result));
        }
    }

    @Override
    public void onEscape(Tensor tensor, String how) {
        if (!values.containsKey(tensor) && !attributePaths.containsKey(tensor)) {
            return; // a tensor the trace never saw: nothing recorded depends on it
        }
        CallSite site = CallSite.current();
        TracerWarning w = new TracerWarning(how, site);
        if (strict) {
            throw w;
        }
        if (warnedSites.add(site == null ? how : site.key())) {
            warnings.add(w);
        }
    }

    /** Inlines a compiled function's graph at this point of the trace, mapping its results to the returned tensors. */
    @Override
    public void onCompiledCall(Object calleeGraph, Object[] args, Object[] results) {
        Graph callee = (Graph) calleeGraph;
        java.util.Map<Value, Value> map = new IdentityHashMap<>();
        for (int i = 0; i < callee.inputs().size() && i < args.length; i++) {
            Value v = valueOf(args[i], null);
            map.put(callee.inputs().get(i), v);
        }
        for (Node n : callee.nodes()) Graph.copyNode(n, graph.block(), map);
        for (int i = 0; i < results.length && i < callee.outputs().size(); i++) {
            if (results[i] instanceof Tensor) values.put((Tensor) results[i], map.get(callee.outputs().get(i)));
        }
    }

    private SourceRange sourceHere() {
        CallSite s = CallSite.current();
        return s == null ? null : new SourceRange(s.fileName == null ? s.className : s.fileName, s.line, 0, 1, s.lineText());
    }

    /** The IR value for an argument or output, recording attribute reads and constants as needed. */
    Value valueOf(Object arg, ArgType declared) {
        if (arg instanceof Tensor) {
            Tensor t = (Tensor) arg;
            Value v = values.get(t);
            if (v != null) return v;
            List<String> path = attributePaths.get(t);
            if (path != null) {
                v = readAttribute(path, tensorType(t));
            } else {
                v = graph.insertConstant(t.array(), tensorType(t));
            }
            values.put(t, v);
            return v;
        }
        if (arg instanceof List) {
            List<Value> items = new ArrayList<>();
            for (Object e : (List<?>) arg) items.add(valueOf(e, null));
            Type elem = items.isEmpty() ? Type.TENSOR : items.get(0).type() instanceof Type.TensorType ? Type.TENSOR : items.get(0).type();
            Node n = graph.block().append(Prim.LIST_CONSTRUCT, items.toArray(new Value[0]));
            return n.addOutput(new Type.ListType(elem));
        }
        if (arg instanceof Object[]) {
            List<Value> items = new ArrayList<>();
            List<Type> types = new ArrayList<>();
            for (Object e : (Object[]) arg) {
                Value v = valueOf(e, null);
                items.add(v);
                types.add(v.type());
            }
            Node n = graph.block().append(Prim.TUPLE_CONSTRUCT, items.toArray(new Value[0]));
            return n.addOutput(new Type.TupleType(types));
        }
        return constant(arg, declared);
    }

    private Value constant(Object v, ArgType declared) {
        if (v instanceof NdArray) return graph.insertConstant(v, new Type.TensorType(((NdArray) v).dtype(), ((NdArray) v).shape()));
        // reshape(int...) passes an int[]: kept as the long[] every other size list is, so it prints and saves.
        if (v instanceof int[]) v = java.util.Arrays.stream((int[]) v).asLongStream().toArray();
        if (v instanceof long[]) return graph.insertConstant(v, new Type.ListType(Type.INT));
        if (v == null) {
            return graph.insertConstant(null, Type.NONE);
        }
        Type t = typeOfJava(v);
        Object stored = v;
        if (t == Type.INT) stored = ((Number) v).intValue();
        return graph.insertConstant(stored, t);
    }

    /** IR type of a Java value the dispatcher saw: ints that fit are {@code int}, as in Java source. */
    static Type typeOfJava(Object v) {
        if (v instanceof Boolean) return Type.BOOL;
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return Type.INT;
        if (v instanceof Long) {
            long l = (Long) v;
            return l == (int) l ? Type.INT : Type.LONG;
        }
        if (v instanceof Float) return Type.FLOAT;
        if (v instanceof Double) return Type.DOUBLE;
        if (v instanceof String) return Type.STR;
        if (v instanceof long[]) return new Type.ListType(Type.INT);
        if (v == null) return Type.NONE;
        return Type.ANY;
    }

    private Value readAttribute(List<String> path, Type leafType) {
        if (self == null) {
            throw new IllegalStateException("attribute read without self");
        }
        Value obj = self;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            key.append(i == 0 ? "" : ".").append(path.get(i));
            Value cached = attributeReads.get(key.toString());
            if (cached == null) {
                Node n = graph.block().append(Prim.GET_ATTR, obj);
                n.setAttr(Node.NAME, path.get(i));
                boolean leaf = i == path.size() - 1;
                Type t = leaf ? leafType : new Type.ClassType(submoduleClasses.getOrDefault(key.toString(), path.get(i)));
                cached = n.addOutput(path.get(i), t);
                attributeReads.put(key.toString(), cached);
            }
            obj = cached;
        }
        return obj;
    }
}
