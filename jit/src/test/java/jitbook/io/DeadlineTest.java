package jitbook.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jitbook.cli.Cli;
import jitbook.exec.Deadline;
import jitbook.exec.DeadlineExceededException;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * A loaded model that never returns (a loop whose condition stays true) is bounded per call by a
 * {@link Deadline}, from the API and from the command line's {@code --timeout}; the thread, and
 * the module, serve the next call as usual. The bounds here only keep a broken build from hanging.
 */
class DeadlineTest {
    /** y = x, negated while true: for ever. */
    static final String SPIN = SpinningModel.IR;

    @TempDir
    Path dir;
    Path spinFile;
    ScriptModule spin;

    @BeforeEach
    void save() throws Exception {
        spinFile = dir.resolve("spin.jbm");
        Jit.save(Jit.function("spin", Jit.parseIr(SPIN)), spinFile);
        spin = Jit.load(spinFile);
    }

    @Test
    void aCallThatNeverEndsStopsAtItsDeadlineAndTheThreadServesTheNextCall() {
        Tensor x = Tensors.tensor(1f, 2f);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> {
                try (Deadline d = Deadline.after(Duration.ofMillis(100))) {
                    spin.forward(x);
                }
            });
            assertTrue(e.getMessage().contains("deadline of 100 ms"), e.getMessage());
        });
        assertNull(Deadline.remaining(), "closed with the try block");
        ScriptModule net = Fixtures.scripted();
        try (Deadline d = Deadline.after(Duration.ofSeconds(60))) {
            assertEquals(2, net.forward(Fixtures.positive()).shape()[0]);
        }
    }

    @Test
    void anInnerDeadlineNeverExtendsTheOuterOne() {
        try (Deadline outer = Deadline.after(Duration.ofMillis(50))) {
            try (Deadline inner = Deadline.after(Duration.ofHours(1))) {
                assertTrue(Deadline.remaining().toMillis() <= 50);
            }
            assertTrue(Deadline.remaining().toMillis() <= 50);
        }
    }

    @Test
    void aDeadlineIsOneThreadsOwn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> bounded = pool.submit(() -> {
                try (Deadline d = Deadline.after(Duration.ofMillis(100))) {
                    return spin.forward(Tensors.tensor(1f));
                } catch (DeadlineExceededException e) {
                    return e;
                }
            });
            Future<float[]> free = pool.submit(() -> {
                Thread.sleep(300); // still running after the other thread's deadline has passed
                return Fixtures.scripted().forward(Fixtures.negative()).toFloatArray();
            });
            assertTrue(bounded.get(60, TimeUnit.SECONDS) instanceof DeadlineExceededException);
            assertArrayEquals(Fixtures.scripted().forward(Fixtures.negative()).toFloatArray(), free.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCommandLineStopsTheCallAfterTimeoutSecondsInOneLine() throws Exception {
        Path x = dir.resolve("x.npy");
        Files.write(x, Npy.write(Tensors.tensor(1f, 2f).array()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(
                new String[] {"run", spinFile.toString(), "--timeout", "0.2", "--input", x.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, "UTF-8")));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, msg);
        assertEquals(List.of("error: spin.forward ran past --timeout 0.2 s and was stopped"), msg.lines().toList());

        err.reset();
        code = Cli.run(new String[] {"run", spinFile.toString(), "--timeout", "soon", "--input", x.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, "UTF-8"));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: --timeout needs a number of seconds, not 'soon'"));
    }

    /** Called from code (as a notebook cell would), main reports and returns; the JVM's own call still sets the exit status. */
    @Test
    void mainReturnsToItsCallerAndExitsOnlyWhenTheJvmCalledIt() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, "UTF-8"));
        try {
            Cli.main(new String[] {"info", dir.resolve("missing.jbm").toString()});
        } finally {
            System.setErr(saved);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: no such file: "), err.toString(StandardCharsets.UTF_8));

        List<String> cmd = SeparateJvmTest.javaCommand(SeparateJvmTest.runtimeClasspath());
        cmd.addAll(List.of("jitbook.cli.Cli", "info", dir.resolve("missing.jbm").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(1, p.exitValue(), out);
    }
}
