package jitbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            if (d.gradRule() == null && d.notDifferentiableReason().isBlank()) out.add(n + ": a blank reason for having no gradient");
            if (d.gradRule() != null && d.schema().result() != ArgType.TENSOR) out.add(n + ": a gradient rule on a non-tensor result");
            if (d.doc() == null || d.doc().isBlank()) out.add(n + ": no doc");
            if (n.startsWith("list::") != (d.listGradient() != null)) out.add(n + ": list ops, and only they, declare a ListGradient");
            if (d.has(OpTrait.SIDE_EFFECT) && d.mutatedInput() < 0) out.add(n + ": SIDE_EFFECT but no input marked (a!)");
            if (d.mutatedInput() >= 0 && d.schema().params().get(d.mutatedInput()).type != ArgType.ANY) {
                out.add(n + ": the input marked (a!) is not a container");
            }
            if (d.fusedExpression() != null && !d.has(OpTrait.ELEMENTWISE)) out.add(n + ": a fused expression but not ELEMENTWISE");
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

    /** What the builder refuses, so that no op in the registry can lack it (the checks above need not repeat them). */
    @Test
    void incompleteDeclarationsAreRefusedAtRegistration() {
        Kernel k = a -> 0L;
        ShapeRule same = a -> (TensorSpec) a[0];
        refused("has no kernel", OpDef.builder("test::a", "a(Tensor self) -> Tensor").shape(same).notDifferentiable("x").traits(OpTrait.PURE));
        refused("no shape rule", OpDef.builder("test::b", "b(Tensor self) -> Tensor").kernel(k).notDifferentiable("x").traits(OpTrait.PURE));
        refused("neither a gradient rule nor a reason", OpDef.builder("test::c", "c(int a) -> int").kernel(k).traits(OpTrait.PURE));
        refused("exactly one of", OpDef.builder("test::d", "d(int a) -> int").kernel(k).notDifferentiable("x"));
        refused("exactly one of", OpDef.builder("test::e", "e(int a) -> int").kernel(k).notDifferentiable("x")
                .traits(OpTrait.PURE, OpTrait.RANDOM));
        refused("not marked SIDE_EFFECT", OpDef.builder("test::f", "f(Any(a!) self) -> int").kernel(k).notDifferentiable("x")
                .traits(OpTrait.PURE));
        refused("more than one input", OpDef.builder("test::g", "g(Any(a!) self, Any(b!) other) -> int").kernel(k)
                .notDifferentiable("x").traits(OpTrait.SIDE_EFFECT));
        OpDef ok = OpDef.builder("test::h", "h(int a, Any(a!) self) -> int").kernel(k).notDifferentiable("x")
                .traits(OpTrait.SIDE_EFFECT).register(new OpRegistry());
        assertEquals(1, ok.mutatedInput());
        assertEquals("int a, Any(a!) self", ok.schema().params().get(0) + ", " + ok.schema().params().get(1));
        assertThrows(IllegalArgumentException.class, () -> OpDef.builder("test::i", "i(Any(a!!) self) -> int"));
    }

    private static void refused(String why, OpDef.Builder b) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.register(new OpRegistry()));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void theRegistryHasTheDeclaredFamilies() {
        for (String op : new String[] {"tensor::sum", "tensor::matmul", "tensor::conv2d", "tensor::cat", "tensor::zeros",
            "scalar::add", "tensor::item", "tensor::sum_to_size", "tensor::layer_norm"}) {
            assertTrue(OpRegistry.global().contains(op), op);
        }
    }
}
