package jitbook.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** One traced function serves many threads: each call keeps its state in its own frame. */
class ConcurrentCallsTest {
    private static final int THREADS = 8;
    private static final int CALLS = 10_000;

    @Test
    void eightThreadsCallingOneFunctionGetTheSerialResults() throws Exception {
        Tensor w = Tensors.tensor(0.5f, -1.5f, 2f, 0.25f);
        ScriptFunction f = Jit.trace((x, b) -> x.mul(w).add(b).tanh().mul(0.5).add(x).sigmoid(),
                Tensors.tensor(1f, 2f, 3f, 4f), Tensors.tensor(0.1f, 0.1f, 0.1f, 0.1f));
        List<Tensor[]> inputs = new ArrayList<>();
        List<float[]> serial = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Tensor x = Tensors.tensor(i * 0.1f, -i * 0.2f, i % 3, 1f / (i + 1));
            Tensor b = Tensors.tensor(i * 0.01f, 0f, -0.5f, 0.3f);
            inputs.add(new Tensor[] {x, b});
            serial.add(f.forward(x, b).toFloatArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int offset = t;
                futures.add(pool.submit(() -> {
                    for (int c = 0; c < CALLS; c++) {
                        int k = (c + offset * 7) % inputs.size();
                        Tensor[] in = inputs.get(k);
                        assertArrayEquals(serial.get(k), f.forward(in[0], in[1]).toFloatArray());
                    }
                    return null;
                }));
            }
            for (Future<?> fu : futures) fu.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
