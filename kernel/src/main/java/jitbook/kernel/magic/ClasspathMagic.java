package jitbook.kernel.magic;

import java.io.IOException;
import java.nio.file.Path;
import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;

/**
 * {@code %classpath add <jar|dir|dir/*>...} adds jars or folders to the session's class path;
 * {@code %classpath} alone lists what was added. A kernel magic: it needs the JShell session.
 */
public final class ClasspathMagic extends BaseMagic {
    static final String USAGE = "%classpath add <jar|dir|dir/*>... | %classpath";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE).positional(0, Integer.MAX_VALUE);
    private final SessionClasspath classpath;

    public ClasspathMagic(SessionClasspath classpath) {
        super("classpath", Kind.LINE, USAGE, "adds jars or folders to the session's class path", SPEC);
        this.classpath = classpath;
    }

    @Override
    public Object run(MagicCall call, Session session) {
        MagicArgs args = args(call);
        if (args.positional().isEmpty()) {
            classpath.added().forEach(System.out::println);
            return null;
        }
        if (!"add".equals(args.positional(0)) || args.positional().size() < 2) throw args.usageError("expected add and a path");
        for (String spec : args.positional().subList(1, args.positional().size())) {
            try {
                for (Path p : SessionClasspath.expand(spec)) {
                    classpath.add(p);
                    System.out.println("added " + p);
                }
            } catch (IOException e) {
                throw new MagicException("MagicError", "%classpath: " + e.getMessage());
            }
        }
        return null;
    }
}
