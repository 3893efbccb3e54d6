package jitbook.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An SSA value: defined once, by a node's output or a block parameter, with a type and a name
 * unique within its graph (printed as {@code %name}). Uses are tracked so passes can replace a
 * value everywhere it is read.
 */
public final class Value {
    private final Graph graph;
    private String name;
    private Type type;
    private Node producer;
    private Block paramOf;
    private final List<Node> uses = new ArrayList<>();
    /** Blocks that return this value, once per return position: makes {@link Graph#isReturned} O(1). */
    private final List<Block> returnedBy = new ArrayList<>();

    Value(Graph graph, String name, Type type) {
        this.graph = graph;
        this.name = name;
        this.type = type;
    }

    public String name() {
        return name;
    }

    /** Renames, keeping names unique in the graph (a suffix is added if taken). */
    public Value setName(String base) {
        graph.releaseName(name);
        this.name = graph.uniqueName(base);
        return this;
    }

    public Type type() {
        return type;
    }

    public Value setType(Type t) {
        this.type = t;
        return this;
    }

    /** The node that defines this value, or null for block parameters. */
    public Node producer() {
        return producer;
    }

    /** The block whose parameter this is, or null. */
    public Block paramOf() {
        return paramOf;
    }

    void setProducer(Node n) {
        this.producer = n;
    }

    void setParamOf(Block b) {
        this.paramOf = b;
    }

    public Graph graph() {
        return graph;
    }

    /** Nodes that read this value (a node appears once per operand position); block returns are not listed. */
    public List<Node> uses() {
        return Collections.unmodifiableList(uses);
    }

    void addUse(Node n) {
        uses.add(n);
    }

    void removeUse(Node n) {
        uses.remove(n);
    }

    /** Blocks whose returns list this value (a block appears once per position it returns it from). */
    public List<Block> returnedBy() {
        return Collections.unmodifiableList(returnedBy);
    }

    /** Whether any block returns this value. */
    public boolean isReturned() {
        return !returnedBy.isEmpty();
    }

    void addReturnUse(Block b) {
        returnedBy.add(b);
    }

    void removeReturnUse(Block b) {
        returnedBy.remove(b);
    }

    /** Replaces every use of this value (node inputs and block returns, in all blocks) with {@code other}. */
    public void replaceAllUsesWith(Value other) {
        for (Node n : new ArrayList<>(uses)) {
            n.replaceInput(this, other);
        }
        for (Block b : new ArrayList<>(returnedBy)) b.replaceReturn(this, other);
    }

    public boolean isConstant() {
        return producer != null && producer.is(Prim.CONSTANT);
    }

    /** The value of a constant (null for a None constant); throws if this value is not a constant. */
    public Object constantValue() {
        if (!isConstant()) throw new IllegalStateException("%" + name + " is not a constant");
        return producer.attr(Node.VALUE);
    }

    @Override
    public String toString() {
        return "%" + name;
    }
}
