package jitbook.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kernel in a real browser (issue 18): Debian's Jupyter Notebook 6.4 and Chromium at
 * {@code /usr/bin/chromium}, driven by playwright-core from npm ({@code src/test/browser}, never
 * a downloaded browser). Run All puts every output under its own cell, Kernel > Restart shows no
 * "Dead kernel", Kernel > Interrupt stops a busy cell, Tab completes a magic, and an unsigned
 * copy of the run notebook stays readable under Notebook's sanitizer. The checks are in
 * {@code notebook-test.mjs}; screenshots are kept in {@code target/browser}. Runs in
 * {@code mvn verify} (./test.sh), skipped where Chromium, Node or the notebook server is absent.
 */
class NotebookBrowserIT {
    static final Path BROWSER = Path.of("src/test/browser").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path NOTEBOOK = Path.of("/usr/bin/jupyter-notebook");

    @Test
    void notebookInChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        Assumptions.assumeTrue(Files.isExecutable(NOTEBOOK), "skipped: no " + NOTEBOOK + " (apt-get install jupyter-notebook)");
        Path node = onPath("node");
        Path npm = onPath("npm");
        Assumptions.assumeTrue(node != null && npm != null, "skipped: node and npm are not on PATH (apt-get install nodejs npm)");
        JupyterFixture jupyter = new JupyterFixture();
        // playwright-core as package-lock.json pins it; installed once into src/test/browser/node_modules.
        if (!Files.isRegularFile(BROWSER.resolve("node_modules/playwright-core/package.json"))) {
            jupyter.runCommand(600, "npm-ci", BROWSER, List.of(npm.toString(), "ci", "--no-audit", "--no-fund"));
        }
        Path out = Path.of("target/browser").toAbsolutePath();
        jupyter.runCommand(900, "notebook-test", BROWSER, List.of(node.toString(), "notebook-test.mjs", "jitbook", out.toString()));
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
