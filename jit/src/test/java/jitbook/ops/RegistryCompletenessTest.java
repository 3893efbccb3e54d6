package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every op in the registry declares everything the readers of the registry rely on. */
class RegistryCompletenessTest {
    private static List<String> problems() {
        List<String> out = new ArrayList<>();
        for (OpDef d : OpRegistry.global().all()) {
            String n = d.name();
            if (!n.matches("[a-z]+::[a-z][a-z0-9_]*")) out.add(n + ": wire name is not namespace::snake_case");
            if (!d.schema().methodName().matches("[a-z][A-Za-z0-9]*")) out.add(n + ": schema method name is not camelCase");
            if (d.kernel() == null) out.add(n + ": no kernel");
            if (d.schema().result() == ArgType.TENSOR && d.shapeRule() == null) out.add(n + ": returns a tensor but has no shape rule");
            if (d.gradRule() == null && (d.notDifferentiableReason() == null || d.notDifferentiableReason().isBlank())) {
                out.add(n + ": neither a gradient rule nor a reason why not");
            }
            if (d.gradRule() != null && d.schema().result() != ArgType.TENSOR) out.add(n + ": a gradient rule on a non-tensor result");
            if (d.doc() == null || d.doc().isBlank()) out.add(n + ": no doc");
            if (d.has(OpTrait.RANDOM) && d.has(OpTrait.PURE)) out.add(n + ": RANDOM and PURE");
            if (!d.has(OpTrait.PURE) && !d.has(OpTrait.RANDOM) && !d.has(OpTrait.SIDE_EFFECT)) {
                out.add(n + ": neither PURE nor RANDOM nor SIDE_EFFECT");
            }
            if (n.startsWith("scalar::") && !d.has(OpTrait.SCALAR)) out.add(n + ": a scalar:: op without the SCALAR trait");
            for (Schema.Param p : d.schema().params()) {
                if (!p.name.matches("[a-z][a-z0-9_]*")) out.add(n + ": parameter name " + p.name);
            }
        }
        return out;
    }

    @Test
    void everyOpIsComplete() {
        List<String> p = problems();
        assertTrue(p.isEmpty(), String.join("\n", p));
    }

    @Test
    void theRegistryHasTheDeclaredFamilies() {
        for (String op : new String[] {"tensor::sum", "tensor::matmul", "tensor::conv2d", "tensor::cat", "tensor::zeros",
            "scalar::add", "tensor::item", "tensor::sum_to_size", "tensor::layer_norm"}) {
            assertTrue(OpRegistry.global().contains(op), op);
        }
    }
}
