package jitbook.magics;

import java.util.List;

import jitbook.magics.display.MimeBundle;

/**
 * What magics need of a notebook session, implemented by the kernel over its JShell (and by
 * {@link JShellSession} for tests and simple hosts): run Java code, list, read and bind
 * variables as live objects, and show output. The magics module never imports the kernel.
 *
 * <p>Code given to {@link #eval} is numbered like the cell it came from: line 1 of the code is
 * line 1 of the cell (magics blank out their own header lines rather than removing them), so a
 * session that maps errors to cell lines keeps doing so for code a magic runs.
 */
public interface Session {

    /** A session variable: its name and its declared Java type as JShell reports it. */
    record Variable(String name, String typeName) {}

    /**
     * The outcome of running code: a value (the live object of a last expression, if any) or an
     * error with Jupyter's ename, evalue and traceback lines.
     */
    record Result(boolean ok, boolean hasValue, Object value, String ename, String evalue, List<String> traceback) {
        public static Result none() {
            return new Result(true, false, null, null, null, List.of());
        }

        public static Result value(Object value) {
            return new Result(true, true, value, null, null, List.of());
        }

        public static Result error(String ename, String evalue, List<String> traceback) {
            return new Result(false, false, null, ename, evalue, traceback == null ? List.of() : List.copyOf(traceback));
        }

        /** The error as one message (for magics that wrap it in their own). */
        public String errorText() {
            return ename + ": " + evalue;
        }
    }

    /** Runs Java code (any number of snippets) in the session, on the session's own threads. */
    Result eval(String code);

    /** The session's active variables, in definition order. */
    List<Variable> variables();

    /** Shows a bundle in the current cell's output. */
    void display(MimeBundle bundle);

    /** A name for the cell being run, used in error positions (e.g. {@code cell[3]}). */
    default String cellName() {
        return "cell";
    }

    /** The live value of a session variable. */
    default Object get(String name) {
        return getAll(List.of(name))[0];
    }

    /** The live values of several variables, read with one evaluation. */
    default Object[] getAll(List<String> names) {
        if (names.isEmpty()) return new Object[0];
        String key = Handoff.newKey();
        Result r = eval("jitbook.magics.Handoff.put(\"" + key + "\", new Object[] {" + String.join(", ", names) + "});");
        if (!r.ok()) {
            Handoff.take(key);
            throw new MagicException("cannot read " + String.join(", ", names) + ": " + r.errorText());
        }
        return (Object[]) Handoff.take(key);
    }

    /**
     * Declares (or redeclares) variable {@code name} of type {@code javaType} holding
     * {@code value}: the object itself, not a copy, handed over through {@link Handoff}.
     */
    default void bind(String name, String javaType, Object value) {
        String key = Handoff.newKey();
        Handoff.put(key, value);
        Result r = eval(javaType + " " + name + " = (" + javaType + ") jitbook.magics.Handoff.take(\"" + key + "\");");
        if (!r.ok()) {
            Handoff.take(key);
            throw new MagicException("cannot bind " + name + ": " + r.errorText());
        }
    }

    /** The declared type of a variable, or null if there is none by that name. */
    default String typeOf(String name) {
        for (Variable v : variables()) {
            if (v.name().equals(name)) return v.typeName();
        }
        return null;
    }
}
