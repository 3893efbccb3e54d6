package jitbook.magics.timing;

import java.util.Map;
import java.util.WeakHashMap;

import jitbook.exec.Interpreter;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;

/** Calls a compiled function's graph as compiled, without the optimizer (for {@code --no-opt} timings). */
public final class Plain {
    private static final Map<ScriptFunction, Interpreter> CACHE = new WeakHashMap<>();

    private Plain() {
    }

    public static Object call(ScriptFunction f, Object... args) {
        Interpreter i;
        synchronized (CACHE) {
            i = CACHE.computeIfAbsent(f, k -> new Interpreter(k.graph(), k.functions()));
        }
        Object[] rt = new Object[args.length];
        for (int k = 0; k < args.length; k++) {
            Object a = args[k];
            rt[k] = a instanceof Tensor ? ((Tensor) a).array() : a;
        }
        return i.run(rt);
    }
}
