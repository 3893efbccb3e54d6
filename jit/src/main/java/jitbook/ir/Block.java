package jitbook.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of nodes with parameters and returns. The graph's top block takes the
 * graph's inputs as parameters and returns its outputs; the blocks of {@code prim::If} and
 * {@code prim::Loop} use parameters and returns ({@code -> (...)}) in place of phi nodes.
 */
public final class Block {
    private final Graph graph;
    private final Node owningNode;
    private final List<Value> params = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Value> returns = new ArrayList<>();

    Block(Graph graph, Node owningNode) {
        this.graph = graph;
        this.owningNode = owningNode;
    }

    public Graph graph() {
        return graph;
    }

    /** The If/Loop node that owns this block, or null for the graph's top block. */
    public Node owningNode() {
        return owningNode;
    }

    public List<Value> params() {
        return Collections.unmodifiableList(params);
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<Value> returns() {
        return Collections.unmodifiableList(returns);
    }

    public Value addParam(String name, Type type) {
        Value v = graph.newValue(name, type);
        v.setParamOf(this);
        params.add(v);
        return v;
    }

    public void removeParam(int i) {
        Value v = params.get(i);
        if (!v.uses().isEmpty() || graph.isReturned(v)) {
            throw new IllegalStateException("cannot remove parameter %" + v.name() + ": it is still used");
        }
        params.remove(i);
        graph.releaseName(v.name());
    }

    public void addReturn(Value v) {
        returns.add(v);
        v.addReturnUse(this);
    }

    public void setReturn(int i, Value v) {
        returns.set(i, v).removeReturnUse(this);
        v.addReturnUse(this);
    }

    public void removeReturn(int i) {
        returns.remove(i).removeReturnUse(this);
    }

    void clearReturns() {
        for (Value v : returns) v.removeReturnUse(this);
        returns.clear();
    }

    void replaceReturn(Value from, Value to) {
        for (int i = 0; i < returns.size(); i++) {
            if (returns.get(i) == from) setReturn(i, to);
        }
    }

    /** Inserts a return at position {@code i} (for passes that add loop-carried values). */
    public void insertReturn(int i, Value v) {
        returns.add(i, v);
        v.addReturnUse(this);
    }

    /** Appends a node of this kind reading {@code inputs}; add outputs with {@link Node#addOutput}. */
    public Node append(String kind, Value... inputs) {
        Node n = new Node(kind, this);
        nodes.add(n);
        for (Value v : inputs) n.addInput(v);
        return n;
    }

    public Node append(Prim kind, Value... inputs) {
        return append(kind.irName(), inputs);
    }

    public Node insertBefore(Prim kind, Node anchor, Value... inputs) {
        return insertBefore(kind.irName(), anchor, inputs);
    }

    /** Creates a node of this kind just before {@code anchor} (which must be in this block). */
    public Node insertBefore(String kind, Node anchor, Value... inputs) {
        Node n = new Node(kind, this);
        insertBefore(n, anchor);
        for (Value v : inputs) n.addInput(v);
        return n;
    }

    void insertBefore(Node n, Node anchor) {
        int at = anchor == null ? nodes.size() : nodes.indexOf(anchor);
        if (at < 0) throw new IllegalArgumentException("anchor node is not in this block");
        nodes.add(at, n);
        n.setOwner(this);
    }

    void removeNode(Node n) {
        nodes.remove(n);
    }

    public int indexOf(Node n) {
        return nodes.indexOf(n);
    }
}
