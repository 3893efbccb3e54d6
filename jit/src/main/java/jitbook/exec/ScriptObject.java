package jitbook.exec;

/**
 * An object that compiled code can read and write attributes of ({@code prim::GetAttr},
 * {@code prim::SetAttr}) and call methods on ({@code prim::CallMethod}): script modules and
 * instances of scripted classes. Attribute values are in the interpreter's runtime form
 * (tensors as {@link jitbook.ops.NdArray}).
 */
public interface ScriptObject {
    Object getAttr(String name);

    void setAttr(String name, Object value);

    /** The executable for a method of this object's class, or null if there is none. */
    Executable method(String name);

    /** The class name, for messages. */
    String typeName();
}
