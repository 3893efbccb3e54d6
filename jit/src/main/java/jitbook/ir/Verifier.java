package jitbook.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jitbook.ops.OpDef;
import jitbook.ops.OpException;
import jitbook.ops.OpRegistry;
import jitbook.ops.Schema;
import jitbook.ops.TensorSpec;

/**
 * Checks a graph's invariants: every use is dominated by its definition (defined earlier in
 * the same block or in an enclosing one), If/Loop blocks have the arities their node needs,
 * registry ops exist and get arguments of the kinds their schema names, and where input shapes
 * are known, the declared output type agrees with the op's shape rule, every type annotation
 * agrees with what produces it ({@link TypeAnnotations}), and blocks nest at most
 * {@link #MAX_BLOCK_NESTING} deep. Errors name the node.
 */
public final class Verifier {
    /**
     * How deep If/Loop blocks may nest. Every stage (parser, verifier, passes, interpreter plan)
     * walks blocks recursively; this depth fits a default 1 MB thread stack with room to spare,
     * and no program a person writes comes near it.
     */
    public static final int MAX_BLOCK_NESTING = 200;

    private final OpRegistry registry;

    private Verifier(OpRegistry registry) {
        this.registry = registry;
    }

    public static void verify(Graph g) {
        new Verifier(OpRegistry.global()).run(g);
    }

    private void run(Graph g) {
        Set<Value> visible = new HashSet<>(g.inputs());
        block(g.block(), visible, 0);
    }

    private void block(Block b, Set<Value> visibleOuter, int depth) {
        if (depth > MAX_BLOCK_NESTING) {
            throw fail(b.owningNode(), "blocks are nested more than " + MAX_BLOCK_NESTING + " deep");
        }
        Set<Value> visible = new HashSet<>(visibleOuter);
        visible.addAll(b.params());
        for (Node n : b.nodes()) {
            for (Value in : n.inputs()) {
                if (!visible.contains(in)) {
                    throw fail(n, "uses %" + in.name() + " which is not defined before it in an enclosing block");
                }
            }
            checkArity(n);
            if (Prim.isPrim(n.kind())) checkAnnotations(n, null);
            for (Block inner : n.blocks()) block(inner, visible, depth + 1);
            visible.addAll(n.outputs());
        }
        for (Value r : b.returns()) {
            if (!visible.contains(r)) {
                String where = b.owningNode() == null ? "the graph" : "a block of " + b.owningNode().kind();
                throw new VerificationError(where + " returns %" + r.name() + " which is not defined in or above it");
            }
        }
    }

    private void checkArity(Node n) {
        String k = n.kind();
        if (n.is(Prim.IF)) {
            if (n.inputs().size() != 1) throw fail(n, "prim::If takes exactly one condition");
            if (n.blocks().size() != 2) throw fail(n, "prim::If needs two blocks, has " + n.blocks().size());
            for (Block b : n.blocks()) {
                if (!b.params().isEmpty()) throw fail(n, "prim::If blocks take no parameters");
                if (b.returns().size() != n.outputs().size()) {
                    throw fail(n, "a block returns " + b.returns().size() + " values but the node has " + n.outputs().size() + " outputs");
                }
                checkReturnTypes(n, b.returns(), n.outputs());
            }
        } else if (n.is(Prim.LOOP)) {
            int carried = n.inputs().size() - 2;
            if (carried < 0) throw fail(n, "prim::Loop takes a trip count and a condition before its loop-carried values");
            if (n.blocks().size() != 1) throw fail(n, "prim::Loop needs one block");
            Block b = n.blocks().get(0);
            if (b.params().size() != carried + 1) {
                throw fail(n, "the loop body takes " + b.params().size() + " parameters; expected the iteration number and " + carried + " carried values");
            }
            if (b.returns().size() != carried + 1) {
                throw fail(n, "the loop body returns " + b.returns().size() + " values; expected the continue condition and " + carried + " carried values");
            }
            if (n.outputs().size() != carried) {
                throw fail(n, "prim::Loop has " + n.outputs().size() + " outputs for " + carried + " carried values");
            }
            // A carried value keeps its kind round the loop: what the body returns is what its next iteration takes and the loop gives.
            for (int c = 0; c < carried; c++) {
                Value param = b.params().get(c + 1);
                Value back = b.returns().get(c + 1);
                if (!TypeAnnotations.compatible(param.type(), back.type())) {
                    throw fail(n, "the loop body returns %" + back.name() + " of type " + back.type().print() + " for the carried value %"
                            + param.name() + " of type " + param.type().print());
                }
                Value out = n.outputs().get(c);
                if (!TypeAnnotations.compatible(out.type(), param.type())) {
                    throw fail(n, "output %" + out.name() + " has type " + out.type().print() + " but carries %" + param.name() + " of type "
                            + param.type().print());
                }
            }
        } else if (n.is(Prim.FUSION_GROUP)) {
            if (n.blocks().size() != 1) throw fail(n, "prim::FusionGroup needs one block");
            Block b = n.blocks().get(0);
            if (b.params().size() != n.inputs().size()) {
                throw fail(n, "the fusion group's block takes " + b.params().size() + " parameters for " + n.inputs().size() + " inputs");
            }
            for (int i = 0; i < b.params().size(); i++) {
                Value p = b.params().get(i);
                if (!TypeAnnotations.compatible(p.type(), n.input(i).type())) {
                    throw fail(n, "the fusion group's parameter %" + p.name() + " : " + p.type().print() + " takes %" + n.input(i).name()
                            + " : " + n.input(i).type().print());
                }
            }
            if (b.returns().size() != n.outputs().size()) {
                throw fail(n, "the fusion group's block returns " + b.returns().size() + " values for " + n.outputs().size() + " outputs");
            }
            checkReturnTypes(n, b.returns(), n.outputs());
        } else {
            if (!n.blocks().isEmpty()) throw fail(n, "only prim::If, prim::Loop and prim::FusionGroup own blocks");
            if (n.prim() != null) {
                String wrong = primArity(n);
                if (wrong != null) throw fail(n, wrong);
            } else if (!Prim.isPrim(k)) {
                checkOp(n);
            }
        }
    }

    /** What is wrong with the inputs, outputs and name of a primitive the interpreter reads by position, or null. */
    private static String primArity(Node n) {
        int ins = n.inputs().size();
        int outs = n.outputs().size();
        switch (n.prim()) {
            case CONSTANT:
                return ins == 0 && outs == 1 ? null : "prim::Constant takes no inputs and has one output";
            case GET_ATTR:
                return named(n, ins == 1 && outs == 1, "takes one object and has one output");
            case SET_ATTR:
                return named(n, ins == 2 && outs == 0, "takes an object and a value and has no outputs");
            case CALL_METHOD:
            case JAVA_CALL:
                return named(n, ins >= 1, "takes the object first");
            case CALL_FUNCTION:
                return named(n, true, "");
            case CREATE_OBJECT:
                return named(n, ins == 0 && outs == 1, "takes no inputs and has one output");
            case TUPLE_INDEX:
                return ins == 2 && outs == 1 ? null : "prim::TupleIndex takes a tuple and an index and has one output";
            case TUPLE_UNPACK:
            case LIST_UNPACK:
            case UNCHECKED_CAST:
                return ins == 1 && (outs == 1 || n.prim() != Prim.UNCHECKED_CAST) ? null : n.kind() + " takes one input"
                        + (n.prim() == Prim.UNCHECKED_CAST ? " and has one output" : "");
            case LIST_CONSTRUCT:
            case TUPLE_CONSTRUCT:
                return outs == 1 ? null : n.kind() + " has one output";
            case DICT_CONSTRUCT:
                return outs == 1 && ins % 2 == 0 ? null : "prim::DictConstruct takes keys and values in pairs and has one output";
            case UNINITIALIZED:
                return ins == 0 && outs == 1 ? null : "prim::Uninitialized takes no inputs and has one output";
            case PRINT:
            case RAISE:
                return outs == 0 ? null : n.kind() + " has no outputs";
            default:
                return null;
        }
    }

    private static String named(Node n, boolean shapeOk, String shape) {
        if (!shapeOk) return n.kind() + " " + shape;
        return n.attr(Node.NAME) instanceof String ? null : n.kind() + " needs a name=\"...\" attribute";
    }

    private void checkReturnTypes(Node n, List<Value> returns, List<Value> outputs) {
        for (int i = 0; i < returns.size(); i++) {
            Type want = outputs.get(i).type();
            Type got = returns.get(i).type();
            if (!TypeAnnotations.compatible(want, got)) {
                throw fail(n, "output %" + outputs.get(i).name() + " has type " + want.print()
                        + " but a block returns %" + returns.get(i).name() + " of type " + got.print());
            }
        }
    }

    private void checkOp(Node n) {
        OpDef op = registry.find(n.kind());
        if (op == null) {
            throw fail(n, "unknown op " + n.kind() + suggest(n.kind()));
        }
        Schema s = op.schema();
        int count = n.inputs().size();
        if (count < s.requiredArity() || count > s.arity()) {
            throw fail(n, op.name() + " takes " + (s.requiredArity() == s.arity() ? "" + s.arity() : s.requiredArity() + " to " + s.arity())
                    + " arguments (" + s + "), got " + count);
        }
        checkAnnotations(n, s);
        checkShape(n, op);
    }

    private static void checkAnnotations(Node n, Schema schema) {
        String wrong = TypeAnnotations.problem(n, schema);
        if (wrong != null) throw fail(n, wrong);
    }

    private String suggest(String kind) {
        List<String> near = registry.suggestions(kind);
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    private void checkShape(Node n, OpDef op) {
        if (op.shapeRule() == null || n.outputs().size() != 1 || !n.output().type().isTensor()) return;
        Object[] args = ShapeArgs.of(n);
        if (args == null) return;
        TensorSpec predicted;
        try {
            predicted = op.shapeRule().infer(args);
        } catch (OpException e) {
            throw fail(n, e.getMessage());
        } catch (RuntimeException e) {
            return; // a rule that cannot judge these abstract inputs says nothing
        }
        Type.TensorType declared = (Type.TensorType) n.output().type();
        if (!declared.accepts(Type.TensorType.of(predicted))) {
            throw fail(n, "declared type " + declared.print() + " disagrees with " + op.name()
                    + "'s shape rule, which gives " + Type.TensorType.of(predicted).print());
        }
    }

    /**
     * Whether a value of type {@code got} may flow where {@code want} is declared, judged as this
     * verifier judges a block's results and a loop's carried values: by kind (tensor, number, bool,
     * str, list, tuple, object), tensor shapes aside. For checks across graphs, such as a call and
     * the method it reaches.
     */
    public static boolean compatible(Type want, Type got) {
        return TypeAnnotations.compatible(want, got);
    }

    private static VerificationError fail(Node n, String message) {
        String where = n.source() == null ? "" : " (from " + n.source() + ")";
        return new VerificationError("in node `" + IrPrinter.printNodeLine(n) + "`" + where + ": " + message);
    }
}
