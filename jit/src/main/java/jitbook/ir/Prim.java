package jitbook.ir;

/** Names of the language primitives (not tensor ops, which carry their registry names). */
public final class Prim {
    private Prim() {
    }

    public static final String CONSTANT = "prim::Constant";
    public static final String IF = "prim::If";
    public static final String LOOP = "prim::Loop";
    public static final String LIST_CONSTRUCT = "prim::ListConstruct";
    public static final String LIST_UNPACK = "prim::ListUnpack";
    public static final String TUPLE_CONSTRUCT = "prim::TupleConstruct";
    public static final String TUPLE_UNPACK = "prim::TupleUnpack";
    public static final String TUPLE_INDEX = "prim::TupleIndex";
    public static final String DICT_CONSTRUCT = "prim::DictConstruct";
    public static final String GET_ATTR = "prim::GetAttr";
    public static final String SET_ATTR = "prim::SetAttr";
    public static final String CALL_FUNCTION = "prim::CallFunction";
    public static final String CALL_METHOD = "prim::CallMethod";
    public static final String FUSION_GROUP = "prim::FusionGroup";
    public static final String PRINT = "prim::Print";
    public static final String RAISE = "prim::RaiseException";
    public static final String UNCHECKED_CAST = "prim::unchecked_cast";
    public static final String CREATE_OBJECT = "prim::CreateObject";
    /** A call of a plain-Java method (marked @Ignore) on the live object behind a scripted module. */
    public static final String JAVA_CALL = "prim::JavaCall";
    /** A placeholder for a variable with no value on some path (read only where it is defined). */
    public static final String UNINITIALIZED = "prim::Uninitialized";

    public static boolean isPrim(String kind) {
        return kind.startsWith("prim::");
    }
}
