package jitbook.passes;

import java.util.Set;

import jitbook.ir.Node;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ops.OpDef;
import jitbook.ops.OpRegistry;
import jitbook.ops.OpTrait;

/**
 * What passes may assume about a node, read from the op registry's facts (traits and the
 * schemas' {@code (a!)} mutation marks) and a small table of primitives (no switch over op
 * names). Three questions: may the node be removed when its results are unused ({@link #isRemovable}), may two equal nodes be merged or a node be run at
 * compile time ({@link #isPure}), and which input, if any, does it mutate in place
 * ({@link #mutatedInput}). Unknown kinds get the conservative answer: kept, not merged.
 */
public final class Effects {
    private Effects() {
    }

    /** Primitives whose only effect is their result (reading, building or unpacking values). */
    private static final Set<String> PURE_PRIMS = Set.of(Prim.CONSTANT, Prim.LIST_CONSTRUCT, Prim.LIST_UNPACK,
            Prim.TUPLE_CONSTRUCT, Prim.TUPLE_UNPACK, Prim.TUPLE_INDEX, Prim.DICT_CONSTRUCT, Prim.UNCHECKED_CAST,
            Prim.GET_ATTR, Prim.CREATE_OBJECT, Prim.UNINITIALIZED, Prim.IF, Prim.LOOP, Prim.FUSION_GROUP);

    /** Primitives that read their container inputs without changing them or letting them escape. */
    private static final Set<String> READING_PRIMS = Set.of(Prim.LIST_UNPACK, Prim.TUPLE_UNPACK, Prim.TUPLE_INDEX,
            Prim.PRINT, Prim.UNCHECKED_CAST);

    /** The index of the input this node mutates in place (its op's {@code (a!)} schema parameter), or -1. */
    public static int mutatedInput(Node n) {
        OpDef d = op(n);
        return d == null ? -1 : d.mutatedInput();
    }

    public static OpDef op(Node n) {
        return Prim.isPrim(n.kind()) ? null : OpRegistry.global().find(n.kind());
    }

    /** A registry op that {@linkplain OpDef#isPure() is pure}. */
    public static boolean isPureOp(Node n) {
        OpDef d = op(n);
        return d != null && d.isPure();
    }

    /** A registry op that only allocates a fresh container ({@link OpTrait#FRESH}). */
    private static boolean isFreshOp(Node n) {
        OpDef d = op(n);
        return d != null && d.has(OpTrait.FRESH);
    }

    /** Whether the node's results depend only on its inputs and it has no effect (container reads aside). */
    public static boolean isPure(Node n) {
        return isPureOp(n) || PURE_PRIMS.contains(n.kind()) && !n.kind().equals(Prim.GET_ATTR);
    }

    /**
     * Whether the node may be deleted when none of its results is used. Mutators are not
     * removable here: {@link DeadCodeElimination} keeps them exactly while their container is
     * observed. RANDOM ops are kept because dropping one would shift every later random draw.
     * Ops that {@linkplain OpTrait#MAY_THROW may throw} are removed like other pure ops (as
     * TorchScript does), so an unused {@code 10 / n} does not fail for n = 0 once optimized;
     * keeping them is a matter of adding that condition here.
     */
    public static boolean isRemovable(Node n) {
        if (mutatedInput(n) >= 0) return false;
        return isPureOp(n) || PURE_PRIMS.contains(n.kind()) || isFreshOp(n);
    }

    /** Whether the node allocates a fresh container and does nothing else. */
    public static boolean isFreshContainer(Node n) {
        return isFreshOp(n) || n.kind().equals(Prim.LIST_CONSTRUCT) || n.kind().equals(Prim.DICT_CONSTRUCT);
    }

    /** Whether the node reads container inputs without mutating them or letting them escape. */
    public static boolean onlyReadsContainers(Node n) {
        return isPureOp(n) || READING_PRIMS.contains(n.kind());
    }

    /** Types whose runtime values may be changed in place or have identity: lists, dicts, objects. */
    public static boolean isMutableType(Type t) {
        if (t instanceof Type.ListType || t instanceof Type.DictType || t instanceof Type.ClassType || t == Type.ANY) return true;
        if (t instanceof Type.OptionalType) return isMutableType(((Type.OptionalType) t).element);
        if (t instanceof Type.TupleType) {
            for (Type e : ((Type.TupleType) t).elements) {
                if (isMutableType(e)) return true;
            }
        }
        return false;
    }
}
