package jitbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuntimeJarTest {
    @Test
    void namesTheRuntimeJarOnly() {
        assertTrue(RuntimeJar.isRuntimeJar("jitbook-jit-0.1.0-SNAPSHOT-runtime.jar"));
        assertTrue(RuntimeJar.isRuntimeJar("jitbook-jit-1.2-runtime.jar"));
        assertFalse(RuntimeJar.isRuntimeJar("jitbook-jit-0.1.0-SNAPSHOT.jar"));
        assertFalse(RuntimeJar.isRuntimeJar("jitbook-jit-0.1.0-SNAPSHOT-sources.jar"));
    }

    /** Tests run with jit from jit/target or the Maven repository: the runtime jar sits beside it once packaged. */
    @Test
    void foundBesideTheJitModuleThisTestLoaded() throws Exception {
        Path loaded = Path.of(jitbook.cli.Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        boolean packaged;
        try (var files = Files.newDirectoryStream(loaded.getParent(), "jitbook-jit-*-runtime.jar")) {
            packaged = files.iterator().hasNext();
        }
        assertEquals(packaged, RuntimeJar.locate().isPresent(), "runtime jar beside " + loaded);
        RuntimeJar.locate().ifPresent(p -> assertTrue(Files.isRegularFile(p) && RuntimeJar.isRuntimeJar(p.getFileName().toString()), p.toString()));
    }

    @Test
    void thePropertyWins() {
        String before = System.getProperty(RuntimeJar.PROPERTY);
        try {
            System.setProperty(RuntimeJar.PROPERTY, "/opt/x/jitbook-jit-9-runtime.jar");
            assertEquals(Path.of("/opt/x/jitbook-jit-9-runtime.jar"), RuntimeJar.locate().orElseThrow());
        } finally {
            if (before == null) System.clearProperty(RuntimeJar.PROPERTY);
            else System.setProperty(RuntimeJar.PROPERTY, before);
        }
    }
}
