package jitbook.kernel.magic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jitbook.magics.BaseMagic;
import jitbook.magics.MagicArgs;
import jitbook.magics.MagicCall;
import jitbook.magics.MagicException;
import jitbook.magics.Session;

/**
 * {@code %maven group:artifact:version...}: resolves artifacts and their runtime dependencies
 * from Maven Central ({@link MavenResolver}, created on first use: the resolver is heavy) and
 * adds the jars to the session's class path.
 */
public final class MavenMagic extends BaseMagic {
    static final String USAGE = "%maven group:artifact:version...";
    private static final MagicArgs.Spec SPEC = MagicArgs.Spec.of(USAGE).positional(1, Integer.MAX_VALUE);
    private final SessionClasspath classpath;
    private MavenResolver maven;

    public MavenMagic(SessionClasspath classpath) {
        super("maven", Kind.LINE, USAGE, "resolves artifacts from Maven Central into the session", SPEC);
        this.classpath = classpath;
    }

    @Override
    public Object run(MagicCall call, Session session) {
        MagicArgs args = args(call);
        if (maven == null) maven = new MavenResolver();
        for (String coordinates : args.positional()) {
            try {
                List<Path> jars = maven.resolve(coordinates);
                for (Path jar : jars) classpath.add(jar);
                System.out.println("added " + coordinates + " (" + jars.size() + " jars)");
            } catch (IOException | RuntimeException e) {
                throw new MagicException("MagicError", "%maven: " + e.getMessage());
            }
        }
        return null;
    }
}
