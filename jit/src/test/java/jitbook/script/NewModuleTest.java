package jitbook.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/** unit.newModule: a module defined only in source, constructed as Java and scripted from the same text. */
class NewModuleTest {
    static final String SOURCE = String.join("\n",
            "class Net extends Module {",
            "    Linear fc;",
            "    int repeats;",
            "    Net(int in, int out, int repeats) {",
            "        this.fc = new Linear(in, out);",
            "        this.repeats = repeats;",
            "    }",
            "    public Tensor forward(Tensor x) {",
            "        Tensor y = fc.forward(x);",
            "        for (int i = 1; i < repeats; i++) {",
            "            y = y.tanh();",
            "        }",
            "        return y;",
            "    }",
            "}");

    @Test
    void aModuleDeclaredInAUnitIsConstructedAndScripted() {
        CompilationUnit unit = Jit.compile(SOURCE);
        assertEquals(java.util.List.of("Net"), unit.classNames());
        ScriptModule net = unit.newModule("Net", 3, 2, 4);
        assertEquals(4, net.attribute("repeats"));
        assertTrue(net.graph().toString().contains("prim::Loop"), net.graph().toString());
        Tensor x = Tensors.randn(5, 3);
        Tensor y = net.forward(x);
        assertEquals(2, y.shape()[1]);
        assertTrue(net.source().contains("class Net"));
    }
}
