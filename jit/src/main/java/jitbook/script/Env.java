package jitbook.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Type;
import jitbook.ir.Value;

/**
 * The variables in scope while lowering a function: Java block scopes, each mapping a name to
 * its declared type and its current SSA value. A variable declared without a value has none
 * yet; one assigned on only some paths carries the reason it may be undefined, reported if it is
 * read. Copies are taken per branch of an if and per loop body, then merged.
 */
final class Env {
    /** One variable's state. */
    static final class Var {
        final Type type;
        final Value value;
        /** Non-null when the variable may be unassigned here; says where it is missing. */
        final String undefinedReason;

        Var(Type type, Value value, String undefinedReason) {
            this.type = type;
            this.value = value;
            this.undefinedReason = undefinedReason;
        }
    }

    private final List<Map<String, Var>> scopes = new ArrayList<>();

    Env() {
        scopes.add(new LinkedHashMap<>());
    }

    private Env(List<Map<String, Var>> copy) {
        for (Map<String, Var> s : copy) scopes.add(new LinkedHashMap<>(s));
    }

    Env copy() {
        return new Env(scopes);
    }

    void push() {
        scopes.add(new LinkedHashMap<>());
    }

    void pop() {
        scopes.remove(scopes.size() - 1);
    }

    int depth() {
        return scopes.size();
    }

    /** Drops scopes opened after {@code depth} (after lowering a branch or body). */
    void popTo(int depth) {
        while (scopes.size() > depth) pop();
    }

    boolean declaredInInnermost(String name) {
        return scopes.get(scopes.size() - 1).containsKey(name);
    }

    void declare(String name, Type type, Value value) {
        scopes.get(scopes.size() - 1).put(name, new Var(type, value, value == null ? "it is declared without a value" : null));
    }

    /** Declares in the function's outermost scope (for flags that must outlive the block that creates them). */
    void declareOutermost(String name, Type type, Value value) {
        scopes.get(0).put(name, new Var(type, value, value == null ? "it is declared without a value" : null));
    }

    Var lookup(String name) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Var v = scopes.get(i).get(name);
            if (v != null) return v;
        }
        return null;
    }

    /** Assigns an existing variable (in whichever scope declares it). */
    void assign(String name, Value value) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Var v = scopes.get(i).get(name);
            if (v != null) {
                scopes.get(i).put(name, new Var(v.type, value, null));
                return;
            }
        }
        throw new IllegalStateException("assignment to undeclared " + name);
    }

    /** Ends the scope of locals whose block has ended (each is removed from the innermost scope holding it). */
    void forget(List<String> names) {
        for (String name : names) {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                if (scopes.get(i).remove(name) != null) break;
            }
        }
    }

    void markMaybeUndefined(String name, String reason) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Var v = scopes.get(i).get(name);
            if (v != null) {
                scopes.get(i).put(name, new Var(v.type, null, reason));
                return;
            }
        }
    }

    /** All visible variable names, innermost last, each once. */
    List<String> names() {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Map<String, Var> s : scopes) for (String n : s.keySet()) seen.put(n, true);
        return new ArrayList<>(seen.keySet());
    }

    /** Names visible in the first {@code depth} scopes (those that outlive a branch). */
    List<String> namesUpTo(int depth) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (int i = 0; i < depth && i < scopes.size(); i++) for (String n : scopes.get(i).keySet()) seen.put(n, true);
        return new ArrayList<>(seen.keySet());
    }

    Map<String, Var> snapshot() {
        Map<String, Var> m = new HashMap<>();
        for (String n : names()) m.put(n, lookup(n));
        return m;
    }
}
