package jitbook.ir;

import java.util.HashMap;
import java.util.Map;

/**
 * The language primitives (not tensor ops, which carry their registry names), each with its IR
 * name and what passes may assume about it, as {@code ops.OpDef} says it for registry ops.
 */
public enum Prim {
    CONSTANT("prim::Constant", Effect.VALUE),
    IF("prim::If", Effect.CONTROL),
    LOOP("prim::Loop", Effect.CONTROL),
    LIST_CONSTRUCT("prim::ListConstruct", Effect.FRESH),
    LIST_UNPACK("prim::ListUnpack", Effect.VALUE, true),
    TUPLE_CONSTRUCT("prim::TupleConstruct", Effect.VALUE),
    TUPLE_UNPACK("prim::TupleUnpack", Effect.VALUE, true),
    TUPLE_INDEX("prim::TupleIndex", Effect.VALUE, true),
    DICT_CONSTRUCT("prim::DictConstruct", Effect.FRESH),
    GET_ATTR("prim::GetAttr", Effect.READS_STATE),
    SET_ATTR("prim::SetAttr", Effect.EFFECT),
    CALL_FUNCTION("prim::CallFunction", Effect.EFFECT),
    CALL_METHOD("prim::CallMethod", Effect.EFFECT),
    FUSION_GROUP("prim::FusionGroup", Effect.CONTROL),
    PRINT("prim::Print", Effect.EFFECT, true),
    RAISE("prim::RaiseException", Effect.EFFECT),
    UNCHECKED_CAST("prim::unchecked_cast", Effect.VALUE, true),
    CREATE_OBJECT("prim::CreateObject", Effect.FRESH),
    /** A call of a plain-Java method (marked @Ignore) on the live object behind a scripted module. */
    JAVA_CALL("prim::JavaCall", Effect.EFFECT),
    /** A placeholder for a variable with no value on some path (read only where it is defined). */
    UNINITIALIZED("prim::Uninitialized", Effect.PLACEHOLDER);

    /** What running a primitive does besides producing its results. */
    public enum Effect {
        /** A value computed from the inputs alone (constants, tuples, casts, unpacking): may be merged and removed. */
        VALUE,
        /** A new mutable object on every run (lists, maps, objects): never merged, removable when unused. */
        FRESH,
        /** Reads mutable state (an attribute): removable when unused, merged only where nothing writes attributes. */
        READS_STATE,
        /** Owns blocks (If, Loop, FusionGroup): its effects are those of the nodes inside. */
        CONTROL,
        /** No value on purpose; removable when unused, never merged. */
        PLACEHOLDER,
        /** Acts on the world or on objects (attribute writes, calls, printing, raising): never removed. */
        EFFECT
    }

    private static final Map<String, Prim> BY_NAME = new HashMap<>();

    static {
        for (Prim p : values()) BY_NAME.put(p.irName, p);
    }

    private final String irName;
    private final Effect effect;
    private final boolean onlyReadsContainers;

    Prim(String irName, Effect effect) {
        this(irName, effect, false);
    }

    Prim(String irName, Effect effect, boolean onlyReadsContainers) {
        this.irName = irName;
        this.effect = effect;
        this.onlyReadsContainers = onlyReadsContainers;
    }

    /** The name in printed IR and saved files, e.g. {@code prim::Constant}. */
    public String irName() {
        return irName;
    }

    public Effect effect() {
        return effect;
    }

    /** Whether it reads its container inputs without changing them or letting them escape (unpacking, printing). */
    public boolean onlyReadsContainers() {
        return onlyReadsContainers;
    }

    /** The primitive called {@code kind}, or null if there is none (a registry op, or an unknown {@code prim::} name). */
    public static Prim of(String kind) {
        return BY_NAME.get(kind);
    }

    /** Whether {@code kind} is in the primitives' namespace (known or not). */
    public static boolean isPrim(String kind) {
        return kind.startsWith("prim::");
    }

    @Override
    public String toString() {
        return irName;
    }
}
