import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jitbook.exec.Deadline;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.serve.DynamicBatcher;
import jitbook.tensor.Tensors;

/**
 * A service whose request threads each bring one example, as a web service's do: a
 * {@link DynamicBatcher} gathers what arrives within 2 ms (at most one request per client: a
 * batch that cannot fill waits out the whole 2 ms) into one forward call, each call bounded to 1 s
 * (a model that never returns fails its batch instead of holding the worker). Uses only the
 * runtime jar.
 *
 * <pre>
 *   javac -cp jit/target/jitbook-jit-0.1.0-SNAPSHOT-runtime.jar -d /tmp/svc examples/service/BatchingService.java
 *   java  -cp /tmp/svc:jit/target/jitbook-jit-0.1.0-SNAPSHOT-runtime.jar BatchingService model.jbm FEATURES [CLIENTS] [REQUESTS]
 * </pre>
 * Starts CLIENTS threads (16 by default) that send REQUESTS requests each (50), checks every
 * answer against a direct call of the model on that example alone (each under a 1 s deadline, as
 * a service bounds a call), and prints how many forward calls answered them.
 */
public final class BatchingService {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BatchingService model.jbm FEATURES [CLIENTS] [REQUESTS]");
            System.exit(2);
        }
        ScriptModule model = Jit.load(Path.of(args[0]));
        int features = Integer.parseInt(args[1]);
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (DynamicBatcher batcher = new DynamicBatcher(model, new long[] {features}, clients, Duration.ofMillis(2), 1,
                Duration.ofSeconds(1))) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Random r = new Random(c);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requests; i++) {
                        float[] x = new float[features];
                        for (int k = 0; k < features; k++) x[k] = (float) r.nextGaussian();
                        float[] batched = batcher.predict(x);
                        float[] alone;
                        try (Deadline d = Deadline.after(Duration.ofSeconds(1))) {
                            alone = model.forward(Tensors.tensor(new float[][] {x})).toFloatArray();
                        }
                        if (!Arrays.equals(batched, alone)) throw new IllegalStateException("batched " + Arrays.toString(batched) + " != " + Arrays.toString(alone));
                    }
                    return requests;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : done) answered += f.get();
            System.out.printf("answered %d requests from %d threads with %d forward calls (largest batch %d)%n", answered, clients,
                    batcher.batches(), batcher.largestBatch());
        } finally {
            pool.shutdown();
        }
    }
}
