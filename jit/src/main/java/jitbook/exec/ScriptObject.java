package jitbook.exec;

/**
 * An object that compiled code can read and write attributes of ({@code prim::GetAttr},
 * {@code prim::SetAttr}) and call methods on ({@code prim::CallMethod}): script modules and
 * instances of scripted classes. Attribute values are in the interpreter's runtime form
 * (tensors as {@link jitbook.ops.NdArray}).
 */
public interface ScriptObject {
    /** An attribute in runtime form (a tensor as its NdArray), for {@code prim::GetAttr}. */
    Object runtimeAttr(String name);

    /** Sets an attribute from its runtime form, for {@code prim::SetAttr}. */
    void setRuntimeAttr(String name, Object value);

    /** The executable for a method of this object's class, or null if there is none. */
    Executable method(String name);

    /** Calls a plain-Java method of the live object behind this one (prim::JavaCall); args and result in runtime form. */
    default Object callJava(String method, Object[] args) {
        throw new IllegalStateException(typeName() + " has no live Java object to call " + method + " on (a loaded module cannot call @Ignore methods)");
    }

    /** The class name, for messages. */
    String typeName();
}
