package jitbook.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A function in SSA form with structured control flow: a top {@link Block} whose parameters are
 * the inputs and whose returns are the outputs. Value names are unique within a graph; the
 * printed form ({@link #toString()}) is TorchScript's and {@link IrParser} reads it back.
 */
public final class Graph {
    private final Block top;
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private final java.util.Set<String> usedNames = new java.util.HashSet<>();
    private int nextId;

    public Graph() {
        this.top = new Block(this, null);
    }

    public Block block() {
        return top;
    }

    public List<Value> inputs() {
        return top.params();
    }

    public List<Value> outputs() {
        return top.returns();
    }

    public Value addInput(String name, Type type) {
        return top.addParam(name, type);
    }

    public void addOutput(Value v) {
        top.addReturn(v);
    }

    public List<Node> nodes() {
        return top.nodes();
    }

    Value newValue(String name, Type type) {
        return new Value(this, uniqueName(name), type);
    }

    /**
     * A name not yet used in this graph: {@code base} itself if free, else {@code base.N}; a null
     * base gives the next free number, as TorchScript names temporaries.
     */
    String uniqueName(String base) {
        if (base == null || base.isEmpty()) {
            String n;
            do {
                n = Integer.toString(nextId++);
            } while (usedNames.contains(n));
            usedNames.add(n);
            return n;
        }
        if (usedNames.add(base)) return base;
        String stem = base.replaceAll("\\.\\d+$", "");
        int k = nameCounters.getOrDefault(stem, 0);
        String n;
        do {
            n = stem + "." + (++k);
        } while (usedNames.contains(n));
        nameCounters.put(stem, k);
        usedNames.add(n);
        return n;
    }

    void releaseName(String name) {
        usedNames.remove(name);
    }

    /** Whether any block returns {@code v} (O(1): values track the blocks that return them). */
    public boolean isReturned(Value v) {
        return v.isReturned();
    }

    /** Visits the top block and every nested block, outer before inner. */
    public void forEachBlock(Consumer<Block> visitor) {
        visitBlocks(top, visitor);
    }

    private static void visitBlocks(Block b, Consumer<Block> visitor) {
        visitor.accept(b);
        for (Node n : b.nodes()) {
            for (Block inner : n.blocks()) visitBlocks(inner, visitor);
        }
    }

    /** Every node, nested ones included, in program order. */
    public List<Node> allNodes() {
        List<Node> out = new ArrayList<>();
        collect(top, out);
        return out;
    }

    private static void collect(Block b, List<Node> out) {
        for (Node n : b.nodes()) {
            out.add(n);
            for (Block inner : n.blocks()) collect(inner, out);
        }
    }

    /** Appends a {@code prim::Constant} at the start of the top block (so it dominates every use). */
    public Value insertConstant(Object value, Type type) {
        Node first = top.nodes().isEmpty() ? null : top.nodes().get(0);
        Node n = first == null ? top.append(Prim.CONSTANT) : top.insertBefore(Prim.CONSTANT, first);
        if (value != null) n.setAttr(Node.VALUE, value);
        return n.addOutput(type);
    }

    /** A deep copy: same names, types, attributes and source ranges. */
    public Graph copy() {
        Graph g = new Graph();
        Map<Value, Value> map = new IdentityHashMap<>();
        for (Value in : inputs()) map.put(in, g.addInput(in.name(), in.type()));
        copyBlockBody(top, g.top, map);
        g.nextId = nextId;
        return g;
    }

    /** Copies {@code from}'s nodes and returns into {@code to}, translating values through {@code map}. */
    public static void copyBlockBody(Block from, Block to, Map<Value, Value> map) {
        for (Node n : from.nodes()) {
            copyNode(n, to, map);
        }
        for (Value r : from.returns()) to.addReturn(lookup(map, r));
    }

    /** Copies one node (and its blocks) to the end of {@code to}. */
    public static Node copyNode(Node n, Block to, Map<Value, Value> map) {
        Node c = to.append(n.kind());
        for (Value in : n.inputs()) c.addInput(lookup(map, in));
        for (Map.Entry<String, Object> a : n.attrs().entrySet()) c.setAttr(a.getKey(), a.getValue());
        c.setSource(n.source());
        for (Value o : n.outputs()) map.put(o, c.addOutput(o.name(), o.type()));
        for (Block b : n.blocks()) {
            Block nb = c.addBlock();
            for (Value p : b.params()) map.put(p, nb.addParam(p.name(), p.type()));
            copyBlockBody(b, nb, map);
        }
        return c;
    }

    private static Value lookup(Map<Value, Value> map, Value v) {
        Value m = map.get(v);
        if (m == null) throw new IllegalStateException("value %" + v.name() + " used before it is defined");
        return m;
    }

    @Override
    public String toString() {
        return IrPrinter.print(this);
    }
}
