package jitbook.magics.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.jit.ScriptModule;
import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;
import jitbook.magics.display.MimeBundle;

/** {@code %save name path}: saves a compiled module or function with {@code Jit.save}, for {@code Jit.load} in a plain Java program. */
public final class SaveMagic extends BaseMagic {
    static final String USAGE = "%save name path.jbm";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE).positional(2, 2);

    public SaveMagic() {
        super("save", Kind.LINE, USAGE,
                "save a compiled module or function to a file (Jit.save)", SPEC);
    }

    /** The compiled functions and modules of the session, for the name argument. */
    @Override
    protected java.util.List<String> valueCompletions(Session session) {
        return Names.compiled(session);
    }

    @Override
    public Object run(MagicCall call, Session session) {
        MagicArgs args = args(call);
        String name = args.positional(0);
        Object v = Names.compiledOrVariable(session, "%save", name);
        Path path = Path.of(args.positional(1)).toAbsolutePath();
        try {
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            if (v instanceof ScriptModule) Jit.save((ScriptModule) v, path);
            else if (v instanceof ScriptFunction) Jit.save((ScriptFunction) v, path);
            else throw new MagicException("TypeError", "%save: " + name + " is " + (v == null ? "null" : "a " + v.getClass().getSimpleName())
                        + "; only compiled modules and functions are saved (Jit.script, Jit.trace, %%trace, %%script make them)");
            String msg = "saved " + name + " (" + v.getClass().getSimpleName() + ") to " + path + " (" + Files.size(path) + " bytes)";
            session.display(MimeBundle.of(MimeBundle.TEXT_PLAIN, msg));
        } catch (IOException e) {
            throw new MagicException("IOError", "%save: cannot write " + path + ": " + e.getMessage());
        }
        return null;
    }
}
