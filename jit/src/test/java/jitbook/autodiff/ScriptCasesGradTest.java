package jitbook.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import jitbook.script.CasePrograms;
import jitbook.tensor.GradCheck;
import jitbook.tensor.Tensor;

/**
 * The script compiler's case programs (src/test/resources/script/cases) that take tensors and
 * return one: compiled with {@code Jit.compile}, their gradients pass the finite-difference check
 * in float64 and agree with the javac-compiled eager program's to 1e-6, on several seeded
 * argument sets (ints 0, 1 and many, both booleans: each branch, zero/one/many trips).
 */
class ScriptCasesGradTest {
    static final int SEEDS = 16;
    /**
     * Cases whose gradient path goes through something autodiff does not support yet; for these
     * the test checks that the call fails with an AutodiffException naming the construct.
     * user_class: methods of user-class objects (prim::CreateObject, CallMethod on them, SetAttr).
     */
    static final java.util.Map<String, String> UNSUPPORTED = java.util.Map.of("user_class", "prim::CallMethod");

    @TestFactory
    Stream<DynamicNode> scriptedCaseProgramsDifferentiate() {
        List<DynamicNode> out = new ArrayList<>();
        for (CasePrograms.Case c : CasePrograms.all()) {
            Class<?>[] ps = c.eager().getParameterTypes();
            boolean tensorIn = false;
            for (Class<?> p : ps) tensorIn |= p == Tensor.class;
            if (!tensorIn || c.eager().getReturnType() != Tensor.class) continue;
            List<DynamicTest> tests = new ArrayList<>();
            for (long seed = 1; seed <= SEEDS; seed++) {
                Object[] args = c.inputs(seed);
                tests.add(DynamicTest.dynamicTest("seed " + seed + ": " + CasePrograms.describe(args), () -> check(c, args)));
            }
            out.add(DynamicContainer.dynamicContainer(c.name, tests));
        }
        return out.stream();
    }

    private static void check(CasePrograms.Case c, Object[] args) {
        try {
            c.runEager(args);
        } catch (RuntimeException | AssertionError e) {
            return; // these arguments make the program throw (assert cases): nothing to differentiate
        }
        List<Integer> tensorPositions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) if (args[i] instanceof Tensor) tensorPositions.add(i);
        Tensor[] tensors = new Tensor[tensorPositions.size()];
        for (int k = 0; k < tensors.length; k++) tensors[k] = (Tensor) args[tensorPositions.get(k)];

        if (UNSUPPORTED.containsKey(c.name)) {
            Tensor[] leaves = CaseProgramsGradTest.leaves(float64(tensors));
            jitbook.autodiff.AutodiffException e = org.junit.jupiter.api.Assertions.assertThrows(
                    jitbook.autodiff.AutodiffException.class, () -> c.scripted().call(with(args, tensorPositions, leaves)));
            assertTrue(e.getMessage().contains(UNSUPPORTED.get(c.name)), e.getMessage());
            return;
        }
        GradCheck.Report r = GradCheck.check(t -> (Tensor) c.scripted().call(with(args, tensorPositions, t)), tensors);
        assertTrue(r.passed(), c.name + ": " + r + "\n" + c.scripted().graph());

        Tensor[] a = CaseProgramsGradTest.leaves(float64(tensors));
        Tensor[] b = CaseProgramsGradTest.leaves(float64(tensors));
        ((Tensor) c.scripted().call(with(args, tensorPositions, a))).sum().backward();
        Tensor eager = runEager(c, with(args, tensorPositions, b));
        eager.sum().backward();
        for (int k = 0; k < a.length; k++) {
            CaseProgramsGradTest.assertClose(b[k].grad(), a[k].grad(), 1e-6, c.name + " tensor argument " + k);
        }
    }

    /** The javac-compiled program on these very tensors (CasePrograms.runEager copies them, which would cut autograd). */
    private static Tensor runEager(CasePrograms.Case c, Object[] args) {
        try {
            return (Tensor) c.eager().invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tensor[] float64(Tensor[] ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) out[i] = Tensor.fromArray(ts[i].array().to(jitbook.ops.DType.FLOAT64));
        return out;
    }

    private static Object[] with(Object[] args, List<Integer> positions, Tensor[] tensors) {
        Object[] out = args.clone();
        for (int k = 0; k < positions.size(); k++) out[positions.get(k)] = tensors[k];
        return out;
    }
}
