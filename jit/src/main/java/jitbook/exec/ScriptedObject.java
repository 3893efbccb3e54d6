package jitbook.exec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance of a user class created by compiled code ({@code prim::CreateObject}): its fields
 * by name, and its methods found through the compilation unit's resolver as
 * {@code ClassName.method}.
 */
public final class ScriptedObject implements ScriptObject {
    private final String className;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Interpreter.FunctionResolver functions;

    public ScriptedObject(String className, Interpreter.FunctionResolver functions) {
        this.className = className;
        this.functions = functions;
    }

    @Override
    public Object runtimeAttr(String name) {
        if (!fields.containsKey(name)) {
            throw new IllegalStateException(className + "." + name + " is read before the constructor set it");
        }
        return fields.get(name);
    }

    @Override
    public void setRuntimeAttr(String name, Object value) {
        fields.put(name, value);
    }

    @Override
    public Executable method(String name) {
        return functions.apply(className + "." + name);
    }

    @Override
    public String typeName() {
        return className;
    }

    @Override
    public String toString() {
        return className + fields;
    }
}
