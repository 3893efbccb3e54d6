package jitbook.kernel;

import java.nio.file.Path;
import jitbook.kernel.eval.ExitVeto;
import jitbook.kernel.wire.ConnectionInfo;

/**
 * Entry point: {@code java jitbook.kernel.Main <connection-file>}, as the kernelspec's argv
 * says. Exits with status 0 after a shutdown request, 2 on a bad command line or connection
 * file.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Log.init();
        // Cells may draw (BufferedImage, charts): never try to open a display for that.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        if (args.length != 1) {
            System.err.println("usage: java jitbook.kernel.Main <connection-file>");
            System.exit(2);
        }
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(Path.of(args[0]));
        } catch (Exception e) {
            System.err.println("cannot read connection file " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        RuntimeJar.publish(); // for notebooks that run the production runtime jar (notebook 05)
        ExitVeto.install();
        Kernel kernel = new Kernel(info);
        kernel.start();
        ParentWatch.start();
        kernel.awaitShutdown();
        // Snippet threads may still be running user code: end the JVM rather than wait for them.
        ExitVeto.halt(0);
    }
}
