package jitbook.exec;

/** Something the interpreter can call with runtime-form arguments: a compiled graph, or a Java fallback. */
public interface Executable {
    Object[] run(Object[] args);
}
