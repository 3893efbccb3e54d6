package jitbook.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The variables a random program can see at one point, by Java type, in nested block scopes.
 * Each variable knows whether it may be assigned (a counted loop's index may not, so the loop
 * stays counted and finite) and, for floating ones, whether its value is exact: computed only
 * by Java's arithmetic from inputs and literals, so casting it to an integer or printing it
 * gives the same digits in every compiled form (values from tensors or Math.tanh may differ
 * in the last bits between the interpreter, fused kernels and eager code).
 */
final class RandomScope {
    /** The Java types the generator uses. */
    enum Kind {
        INT("int"), LONG("long"), SHORT("short"), BYTE("byte"), DOUBLE("double"), FLOAT("float"), BOOL("boolean"),
        TENSOR("Tensor"), INT_LIST("List<Integer>"), TENSOR_LIST("List<Tensor>"), REC("P");

        final String java;

        Kind(String java) {
            this.java = java;
        }

        boolean integral() {
            return this == INT || this == LONG || this == SHORT || this == BYTE;
        }

        boolean floating() {
            return this == DOUBLE || this == FLOAT;
        }
    }

    /** One variable. */
    static final class Var {
        final String name;
        final Kind kind;
        final boolean assignable;
        boolean exact;

        Var(String name, Kind kind, boolean assignable, boolean exact) {
            this.name = name;
            this.kind = kind;
            this.assignable = assignable;
            this.exact = exact;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<List<Var>> scopes = new ArrayList<>();
    private final Random r;

    RandomScope(Random r) {
        this.r = r;
        scopes.add(new ArrayList<>());
    }

    void push() {
        scopes.add(new ArrayList<>());
    }

    void pop() {
        scopes.remove(scopes.size() - 1);
    }

    Var declare(String name, Kind kind, boolean assignable, boolean exact) {
        Var v = new Var(name, kind, assignable, exact);
        scopes.get(scopes.size() - 1).add(v);
        return v;
    }

    List<Var> all(Kind kind) {
        List<Var> out = new ArrayList<>();
        for (List<Var> s : scopes) for (Var v : s) if (v.kind == kind) out.add(v);
        return out;
    }

    List<Var> all() {
        List<Var> out = new ArrayList<>();
        for (List<Var> s : scopes) out.addAll(s);
        return out;
    }

    /** A variable of this kind (assignable only if asked, exact only if asked), or null. */
    Var pick(Kind kind, boolean assignable, boolean exact) {
        List<Var> c = new ArrayList<>();
        for (Var v : all(kind)) if ((!assignable || v.assignable) && (!exact || v.exact)) c.add(v);
        return c.isEmpty() ? null : c.get(r.nextInt(c.size()));
    }
}
