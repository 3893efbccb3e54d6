package jitbook.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;

/**
 * One operation in a block: a kind (a registry op name such as {@code tensor::add}, or a
 * {@link Prim}), input values, output values, attributes (constant values, attribute names,
 * callee names) and, for {@code prim::If} and {@code prim::Loop}, nested blocks. Nodes are
 * created through {@link Block}; a node remembers where in the user's source it came from. The
 * kind is resolved once, when the node is made, as a jaxpr equation holds its primitive:
 * {@link #op()} is the registry's {@link OpDef}, {@link #prim()} the primitive (each null
 * otherwise; a kind that is neither, such as an op of a private registry, keeps just its name).
 */
public final class Node {
    /** The attribute holding a {@code prim::Constant}'s value. */
    public static final String VALUE = "value";
    /** The attribute holding a GetAttr/SetAttr field name or a CallMethod method name. */
    public static final String NAME = "name";

    private final String kind;
    private final Prim prim;
    private final OpDef op;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final Map<String, Object> attrs = new LinkedHashMap<>();
    private final List<Block> blocks = new ArrayList<>();
    private Block owner;
    private SourceRange source;

    Node(String kind, Block owner) {
        this.kind = kind;
        this.prim = Prim.of(kind);
        this.op = Prim.isPrim(kind) ? null : OpRegistry.global().find(kind);
        this.owner = owner;
    }

    public String kind() {
        return kind;
    }

    /** The primitive this node is, or null for a registry op. */
    public Prim prim() {
        return prim;
    }

    /** The registry op this node runs, or null for a primitive (or a kind the global registry does not know). */
    public OpDef op() {
        return op;
    }

    public boolean is(Prim p) {
        return prim == p;
    }

    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public Value input(int i) {
        return inputs.get(i);
    }

    public List<Value> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    public Value output() {
        if (outputs.size() != 1) {
            throw new IllegalStateException(kind + " has " + outputs.size() + " outputs, not one");
        }
        return outputs.get(0);
    }

    public List<Block> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    public Block owningBlock() {
        return owner;
    }

    public Graph graph() {
        return owner.graph();
    }

    public Object attr(String key) {
        return attrs.get(key);
    }

    public boolean hasAttr(String key) {
        return attrs.containsKey(key);
    }

    public Map<String, Object> attrs() {
        return Collections.unmodifiableMap(attrs);
    }

    public Node setAttr(String key, Object value) {
        attrs.put(key, value);
        return this;
    }

    public SourceRange source() {
        return source;
    }

    public Node setSource(SourceRange s) {
        this.source = s;
        return this;
    }

    public Node addInput(Value v) {
        checkSameGraph(v);
        inputs.add(v);
        v.addUse(this);
        return this;
    }

    public void replaceInput(int i, Value v) {
        checkSameGraph(v);
        inputs.get(i).removeUse(this);
        inputs.set(i, v);
        v.addUse(this);
    }

    /** Replaces every occurrence of {@code from} among the inputs. */
    public void replaceInput(Value from, Value to) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == from) replaceInput(i, to);
        }
    }

    public void removeInput(int i) {
        inputs.remove(i).removeUse(this);
    }

    public Value addOutput(Type type) {
        return addOutput(null, type);
    }

    public Value addOutput(String name, Type type) {
        Value v = graph().newValue(name, type);
        v.setProducer(this);
        outputs.add(v);
        return v;
    }

    /** Removes an output that has no uses (for passes that shrink If/Loop results). */
    public void eraseOutput(int i) {
        Value v = outputs.get(i);
        if (!v.uses().isEmpty() || graph().isReturned(v)) {
            throw new IllegalStateException("cannot erase output %" + v.name() + " of " + kind + ": it is still used");
        }
        outputs.remove(i);
        graph().releaseName(v.name());
    }

    public Block addBlock() {
        Block b = new Block(graph(), this);
        blocks.add(b);
        return b;
    }

    public void removeBlock(int i) {
        blocks.remove(i);
    }

    private void checkSameGraph(Value v) {
        if (v.graph() != graph()) {
            throw new IllegalArgumentException("value %" + v.name() + " belongs to another graph");
        }
    }

    /** Detaches this node from its block and from the values it reads; its outputs must be unused. */
    public void destroy() {
        for (Value o : outputs) {
            if (!o.uses().isEmpty() || graph().isReturned(o)) {
                throw new IllegalStateException("cannot remove " + kind + ": output %" + o.name() + " is still used");
            }
        }
        dropInputsRecursively();
        owner.removeNode(this);
        for (Value o : outputs) graph().releaseName(o.name());
    }

    private void dropInputsRecursively() {
        for (Value in : inputs) in.removeUse(this);
        inputs.clear();
        for (Block b : blocks) {
            for (Node n : b.nodes()) n.dropInputsRecursively();
            b.clearReturns();
        }
    }

    /** Moves this node just before {@code other}, possibly into another block. */
    public void moveBefore(Node other) {
        owner.removeNode(this);
        other.owner.insertBefore(this, other);
        this.owner = other.owner;
    }

    void setOwner(Block b) {
        this.owner = b;
    }

    /** Whether this node is (directly or through nested blocks) inside {@code block}. */
    public boolean isInside(Block block) {
        Block b = owner;
        while (b != null) {
            if (b == block) return true;
            Node n = b.owningNode();
            b = n == null ? null : n.owningBlock();
        }
        return false;
    }

    @Override
    public String toString() {
        return IrPrinter.printNodeLine(this);
    }
}
