package jitbook.passes;

import jitbook.ir.Node;
import jitbook.ir.ShapeArgs;
import jitbook.ir.Prim;
import jitbook.ir.Type;
import jitbook.ops.OpDef;
import jitbook.ops.OpTrait;
import jitbook.ops.ShapeRule;
import jitbook.ops.TensorSpec;

/**
 * What passes may assume about a node, read from facts declared with the node's kind: the op
 * registry's traits and schemas' {@code (a!)} mutation marks for registry ops, {@link Prim#effect()}
 * for primitives (no switch over op names). The questions: may the node be removed when its
 * results are unused ({@link #isRemovable}: it has no effect and {@linkplain #mayThrow cannot
 * fail}), may it be merged or folded ({@link #isPureOp}), which input, if any, does it mutate in
 * place ({@link #mutatedInput}), and does it only read its containers
 * ({@link #onlyReadsContainers}). Unknown kinds get the conservative answer: kept, not merged.
 */
public final class Effects {
    private Effects() {
    }

    /** The index of the input this node mutates in place (its op's {@code (a!)} schema parameter), or -1. */
    public static int mutatedInput(Node n) {
        OpDef d = n.op();
        return d == null ? -1 : d.mutatedInput();
    }

    /** A registry op that {@linkplain OpDef#isPure() is pure}. */
    public static boolean isPureOp(Node n) {
        OpDef d = n.op();
        return d != null && d.isPure();
    }

    /** A registry op that only allocates a fresh container ({@link OpTrait#FRESH}). */
    private static boolean isFreshOp(Node n) {
        OpDef d = n.op();
        return d != null && d.has(OpTrait.FRESH);
    }

    /**
     * Whether the node's only effect is its result (a pure or fresh registry op, or a pure
     * primitive), leaving aside that it may fail: what alias analysis and pattern rules need.
     */
    public static boolean hasNoEffect(Node n) {
        if (mutatedInput(n) >= 0) return false;
        return isPureOp(n) || n.prim() != null && n.prim().effect() != Prim.Effect.EFFECT || isFreshOp(n);
    }

    /**
     * Whether the node may be deleted when none of its results is used: it has no effect and
     * cannot fail. Java runs {@code int z = 10 / n;} even when z is never read, so an op that
     * may throw stays (unlike TorchScript, which removes it). Mutators are not removable here:
     * {@link DeadCodeElimination} keeps them exactly while their container is observed. RANDOM
     * ops are kept because dropping one would shift every later random draw.
     */
    public static boolean isRemovable(Node n) {
        return hasNoEffect(n) && !mayThrow(n);
    }

    /**
     * Whether running the node may raise an error: an op {@linkplain OpTrait#MAY_THROW marked so}
     * (integer division, lookups, item ...), or a tensor op unless its shape rule accepts the
     * node's inputs with every dtype, size and argument known (a dead {@code a.add(b)} of
     * mismatched shapes, or {@code mean()} of an integer tensor, fails in Java).
     */
    public static boolean mayThrow(Node n) {
        OpDef d = n.op();
        if (d == null) return false;
        if (d.has(OpTrait.MAY_THROW)) return true;
        if (!takesTensor(d)) return false;
        if (d.shapeRule() == null) return true;
        Object[] args = ShapeArgs.of(n);
        if (args == null) return true;
        for (Object a : args) {
            if (a instanceof ShapeRule.Unknown) return true;
            if (a instanceof TensorSpec && !fullyKnown((TensorSpec) a)) return true;
            if (a instanceof java.util.List) return true; // a list of tensors or of unknown sizes
        }
        try {
            d.shapeRule().infer(args);
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static boolean takesTensor(OpDef d) {
        for (jitbook.ops.Schema.Param p : d.schema().params()) if (p.type.acceptsTensor()) return true;
        return false;
    }

    private static boolean fullyKnown(TensorSpec s) {
        if (s.shape == null) return false;
        for (long x : s.shape) if (x < 0) return false;
        return true;
    }

    /** A registry op whose result refuses changes ({@link OpTrait#UNMODIFIABLE}: List.of, Map.of). */
    public static boolean isUnmodifiable(Node n) {
        OpDef d = n.op();
        return d != null && d.has(OpTrait.UNMODIFIABLE);
    }

    /** Whether the node allocates a fresh container and does nothing else. */
    public static boolean isFreshContainer(Node n) {
        return isFreshOp(n) || n.is(Prim.LIST_CONSTRUCT) || n.is(Prim.DICT_CONSTRUCT);
    }

    /** Whether the node reads container inputs without mutating them or letting them escape. */
    public static boolean onlyReadsContainers(Node n) {
        return isPureOp(n) || n.prim() != null && n.prim().onlyReadsContainers();
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
