import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * A plain Java "service" that uses only the jitbook-jit jar and its dependencies: it loads a
 * module saved from a notebook and answers requests from several threads at once. No notebook,
 * no JShell, no compiler, no source.
 *
 * <pre>
 *   javac -cp jit/target/jitbook-jit-0.1.0-SNAPSHOT-runtime.jar -d /tmp/svc examples/service/ServeModel.java
 *   java  -cp /tmp/svc:jit/target/jitbook-jit-0.1.0-SNAPSHOT-runtime.jar ServeModel model.jbm 0.5 -1.0
 * </pre>
 * Prints the model's output for the input vector given on the command line, computed by 4
 * threads, and checks they agree. {@code Jit.load} returns the module ready for inference (eval
 * mode, no parameter requiring grad), so the threads need no {@code GradMode.disabled()}.
 */
public final class ServeModel {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ServeModel model.jbm x1 [x2 ...]");
            System.exit(2);
        }
        ScriptModule model = Jit.load(Path.of(args[0]));
        float[] x = new float[args.length - 1];
        for (int i = 0; i < x.length; i++) x[i] = Float.parseFloat(args[i + 1]);
        Tensor input = Tensors.tensor(new float[][] {x});
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<float[]>> answers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            answers.add(pool.submit(() -> model.forward(input).toFloatArray()));
        }
        float[] first = answers.get(0).get();
        for (Future<float[]> f : answers) {
            if (!java.util.Arrays.equals(first, f.get())) throw new IllegalStateException("threads disagree");
        }
        pool.shutdown();
        System.out.println(java.util.Arrays.toString(first));
    }
}
