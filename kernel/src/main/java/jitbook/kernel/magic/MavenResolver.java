package jitbook.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves {@code group:artifact[:extension[:classifier]]:version} coordinates, with their
 * runtime dependencies, from Maven Central into the local repository
 * ({@code ~/.m2/repository}, or {@code $JITBOOK_M2_REPO}), using Maven's own resolver library
 * wired by its {@link RepositorySystemSupplier} (no dependency-injection container).
 * Created on the first {@code %maven}, so kernels that never use it do not pay for it.
 */
final class MavenResolver {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final RepositorySystem system = new RepositorySystemSupplier().get();
    private final DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
    private final List<RemoteRepository> repositories =
            List.of(new RemoteRepository.Builder("central", "default", CENTRAL).build());

    MavenResolver() {
        String repo = System.getenv("JITBOOK_M2_REPO");
        File local = repo != null ? new File(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository").toFile();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local)));
        // POM profiles activate on java.version and friends: without them, descriptors fail to
        // build and (the session being lenient) dependencies silently vanish.
        session.setSystemProperties(System.getProperties());
    }

    /** The jar files of {@code coordinates} and its runtime dependencies, downloading as needed. */
    List<Path> resolve(String coordinates) throws IOException {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad coordinates '" + coordinates + "': expected group:artifact:version");
        }
        CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), repositories);
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                if (r.getArtifact() != null && r.getArtifact().getFile() != null) jars.add(r.getArtifact().getFile().toPath());
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new IOException("cannot resolve " + coordinates + ": " + e.getMessage(), e);
        }
    }
}
