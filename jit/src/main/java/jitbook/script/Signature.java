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

    boolean isVoid() {
        return returnType == Type.NONE;
    }

    /** The name the IR uses for this callable: {@code f} or {@code Class.method}. */
    String qualifiedName() {
        return declaring == null ? name : declaring.name + "." + name;
    }
}
