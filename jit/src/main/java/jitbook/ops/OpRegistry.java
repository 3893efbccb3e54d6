package jitbook.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of ops. Families register into it at class-load time; everything else looks
 * ops up by wire name. {@link #OPSET_VERSION} is written into saved files: bump it when an op's
 * meaning changes.
 */
public final class OpRegistry {
    public static final int OPSET_VERSION = 1;

    private static final OpRegistry GLOBAL = createDefault();

    private final Map<String, OpDef> ops = new LinkedHashMap<>();

    public static OpRegistry global() {
        return GLOBAL;
    }

    private static OpRegistry createDefault() {
        OpRegistry r = new OpRegistry();
        ElementwiseOps.register(r);
        PointwiseOps.register(r);
        ReduceOps.register(r);
        ShapeOps.register(r);
        LinalgOps.register(r);
        NnOps.register(r);
        CreationOps.register(r);
        ScalarOps.register(r);
        ScalarMathOps.register(r);
        CollectionOps.register(r);
        ShapeQueryOps.register(r);
        return r;
    }

    synchronized void add(OpDef def) {
        if (ops.containsKey(def.name())) {
            throw new IllegalStateException("op " + def.name() + " declared twice");
        }
        ops.put(def.name(), def);
    }

    /** The op with this wire name; throws with near names suggested when there is none. */
    public OpDef get(String name) {
        OpDef d = ops.get(name);
        if (d == null) {
            throw new UnknownOpException(name, suggestions(name));
        }
        return d;
    }

    public OpDef find(String name) {
        return ops.get(name);
    }

    public boolean contains(String name) {
        return ops.containsKey(name);
    }

    public Collection<OpDef> all() {
        return Collections.unmodifiableCollection(ops.values());
    }

    /** Ops whose schema method name is {@code method} (e.g. "add" finds tensor::add). */
    public List<OpDef> byMethodName(String method) {
        List<OpDef> out = new ArrayList<>();
        for (OpDef d : ops.values()) {
            if (d.schema().methodName().equals(method)) out.add(d);
        }
        return out;
    }

    public List<String> suggestions(String name) {
        List<String> out = new ArrayList<>();
        for (String k : ops.keySet()) {
            if (EditDistance.of(k, name) <= Math.max(2, name.length() / 4)) out.add(k);
        }
        return out;
    }
}
