package jitbook.script;

import java.util.List;

import com.sun.source.tree.MethodTree;

import jitbook.ir.Type;

/** A script function's or method's name, parameters and result, known before any body is lowered (so calls can be typed). */
final class Signature {
    final String name;
    final List<String> paramNames;
    final List<Type> paramTypes;
    final Type returnType;
    final MethodTree tree;
    final ParsedSource source;
    /** The class whose instance method this is (the type of {@code self}), or null for free and static functions. */
    final ClassInfo owner;
    /** The class that declares it (also for static methods), or null for free functions. */
    final ClassInfo declaring;
    /** For a compiled function defined elsewhere (a traced function named in the session), that function. */
    jitbook.jit.ScriptFunction external;
    /** Marked @Ignore: stays plain Java, called opaquely on the live object. */
    boolean ignored;
    /** Marked @Export: compiled even if forward does not call it. */
    boolean exported;
    /** The last parameter is Java varargs ({@code Tensor... inputs}): a list, to which extra arguments are packed. */
    boolean varargs;

    Signature(String name, List<String> paramNames, List<Type> paramTypes, Type returnType, MethodTree tree,
              ParsedSource source, ClassInfo owner, ClassInfo declaring) {
        this.name = name;
        this.paramNames = paramNames;
        this.paramTypes = paramTypes;
        this.returnType = returnType;
        this.tree = tree;
        this.source = source;
        this.owner = owner;
        this.declaring = declaring;
    }

    /** A signature for an already compiled function (traced or scripted elsewhere), callable by name from scripts. */
    static Signature external(String name, jitbook.jit.ScriptFunction f) {
        List<String> names = new java.util.ArrayList<>();
        List<Type> types = new java.util.ArrayList<>();
        for (jitbook.ir.Value in : f.graph().inputs()) {
            names.add(in.name());
            types.add(in.type().isTensor() ? Type.TENSOR : in.type());
        }
        if (f.graph().outputs().size() > 1) {
            throw new ScriptCompileError(name + " returns " + f.graph().outputs().size() + " values; scripts can call functions with one result", null);
        }
        Type ret = f.graph().outputs().isEmpty() ? Type.NONE : f.graph().outputs().get(0).type();
        Signature s = new Signature(name, names, types, ret.isTensor() ? Type.TENSOR : ret, null, null, null, null);
        s.external = f;
        return s;
    }

    boolean isVoid() {
        return returnType == Type.NONE;
    }

    /** The name the IR uses for this callable: {@code f} or {@code Class.method}. */
    String qualifiedName() {
        return declaring == null ? name : declaring.name + "." + name;
    }
}
