package jitbook.magics.builtin;

import java.util.ArrayList;
import java.util.List;

import jitbook.magics.MagicException;
import jitbook.magics.Session;
import jitbook.magics.Suggest;

/** Looks up what a magic line names: a session variable, or a %%script function (bound as {@code __jit_name}). */
final class Names {
    private Names() {
    }

    /**
     * Names the session's compiled functions and modules go by: variables whose declared type is
     * ScriptFunction or ScriptModule, and %%script functions (bound as {@code __jit_name}).
     */
    static List<String> compiled(Session session) {
        List<String> out = new ArrayList<>();
        for (Session.Variable v : session.variables()) {
            if (v.name().startsWith("__jit_")) out.add(v.name().substring(6));
            else if (v.typeName().endsWith("ScriptFunction") || v.typeName().endsWith("ScriptModule")) out.add(v.name());
        }
        return out;
    }

    /** Variables whose declared type is Tensor: what %%trace takes as inputs and check inputs. */
    static List<String> tensors(Session session) {
        List<String> out = new ArrayList<>();
        for (Session.Variable v : session.variables()) {
            if (v.typeName().equals("Tensor") || v.typeName().endsWith(".Tensor")) out.add(v.name());
        }
        return out;
    }

    static Object compiledOrVariable(Session session, String magic, String name) {
        List<String> vars = new ArrayList<>();
        for (Session.Variable v : session.variables()) vars.add(v.name());
        if (vars.contains(name)) return session.get(name);
        if (vars.contains("__jit_" + name)) return session.get("__jit_" + name);
        List<String> shown = new ArrayList<>();
        for (String v : vars) shown.add(v.startsWith("__jit_") ? v.substring(6) : v);
        throw new MagicException("NameError", magic + ": no session variable or script function " + name + Suggest.didYouMean(name, shown));
    }
}
