package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptFunction;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * How a tensor method call in a script finds its op: by the schema's method name, the receiver
 * bound to the {@code self} parameter, numbers typed as the Java method returns them, and a
 * public {@link Tensor} method with no op behind it reported as eager-only.
 */
class TensorMethodBindingTest {
    @Test
    void theReceiverBindsToTheSelfParameterWhereverItStands() {
        ScriptFunction f = Jit.script("Tensor f(Tensor x, Tensor c, Tensor y) { return x.where(c, y); }");
        assertTrue(f.graph().toString().contains("tensor::where(%c, %x, %y)"), f.graph().toString());
        Tensor x = Tensors.tensor(1f, 2f);
        Tensor c = Tensors.tensor(1f, 0f).gt(0.5);
        Tensor y = Tensors.tensor(-1f, -2f);
        assertArrayEquals(x.where(c, y).toFloatArray(), ((Tensor) f.call(x, c, y)).toFloatArray());
    }

    @Test
    void numbersAreTypedAsTheJavaMethodsReturnThem() {
        ScriptFunction f = Jit.script("long f(Tensor x) { int d = x.dim(); long n = x.numel(); long s = x.size(0); return d + n + s; }");
        String ir = f.graph().toString();
        assertTrue(ir.contains(": int = tensor::dim("), ir);
        assertTrue(ir.contains(": long = tensor::numel("), ir);
        assertTrue(ir.contains(": long = tensor::size("), ir);
        assertEquals(2L + 6L + 2L, f.call(Tensors.ones(2, 3)));
        ScriptFunction g = Jit.script("double g(Tensor x) { return x.sum().item(); }");
        assertEquals(6.0, g.call(Tensors.ones(2, 3)));
    }

    @Test
    void publicTensorMethodsWithoutAnOpAreEagerOnly() {
        for (String call : new String[] {"x.backward()", "x.zeroGrad()", "x.toFloatArray()", "x.requiresGrad()", "x.unbind()"}) {
            ScriptCompileError e = assertThrows(ScriptCompileError.class,
                    () -> Jit.script("void f(Tensor x) { " + call + "; }"), call);
            String name = call.substring(2, call.indexOf('('));
            assertTrue(e.getMessage().contains("Tensor." + name + "() is eager-only"), e.getMessage());
        }
    }
}
