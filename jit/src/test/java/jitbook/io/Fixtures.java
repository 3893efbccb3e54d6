package jitbook.io;

import java.util.List;

import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.jit.ScriptModule;
import jitbook.nn.Linear;
import jitbook.nn.Module;
import jitbook.optim.SGD;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * The modules the save/load tests use. The "scripted" module is built from IR text, so that the
 * file format is pinned independently of the script compiler's lowering: a forward with prim::If and prim::Loop that calls a submodule's method and
 * reads the submodule's parameters through prim::GetAttr, plus plain attributes and a tensor
 * constant; its weight is trained for a few SGD steps first, so the saved value is not its
 * initial one.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Net.forward: h = fc(x); if sum(h) > 0 then tanh applied `steps` times, else h * scale + c. */
    static final String NET_FORWARD = String.join("\n",
            "graph(%self : __jit__.Net, %x : Float(2, 3)):",
            "  %fc : __jit__.Linear = prim::GetAttr[name=\"fc\"](%self)",
            "  %h : Tensor = prim::CallMethod[name=\"forward\"](%fc, %x)",
            "  %w : Float(3, 3) = prim::GetAttr[name=\"weight\"](%fc)",
            "  %s : Tensor = tensor::sum(%h)",
            "  %zero : double = prim::Constant[value=0.0]()",
            "  %pos : Tensor = tensor::gt(%s, %zero)",
            "  %n : int = prim::GetAttr[name=\"steps\"](%self)",
            "  %r : Tensor = prim::If(%pos)",
            "    block0():",
            "      %true : bool = prim::Constant[value=1]()",
            "      %y : Tensor = prim::Loop(%n, %true, %h)",
            "        block0(%i : int, %y.1 : Tensor):",
            "          %y.2 : Tensor = tensor::tanh(%y.1)",
            "          -> (%true, %y.2)",
            "      -> (%y)",
            "    block1():",
            "      %scale : double = prim::GetAttr[name=\"scale\"](%self)",
            "      %c : Float(3) = prim::Constant[value=Float(3){1.0, 2.0, 3.0}]()",
            "      %m : Tensor = tensor::mul(%h, %scale)",
            "      %k : Tensor = tensor::add(%m, %c)",
            "      %ws : Tensor = tensor::sum(%w)",
            "      %k.1 : Tensor = tensor::add(%k, %ws)",
            "      -> (%k.1)",
            "  return (%r)",
            "");

    static final String LINEAR_FORWARD = String.join("\n",
            "graph(%self : __jit__.Linear, %x : Tensor):",
            "  %weight : Float(3, 3) = prim::GetAttr[name=\"weight\"](%self)",
            "  %bias : Float(3) = prim::GetAttr[name=\"bias\"](%self)",
            "  %y : Tensor = tensor::linear(%x, %weight, %bias)",
            "  return (%y)",
            "");

    static final String SOURCE = "class Net extends Module {\n    final Linear fc = new Linear(3, 3);\n    // ...\n}\n";

    /** The scripted module, with its weight trained for three SGD steps (deterministic). */
    static ScriptModule scripted() {
        Tensor w = Tensors.tensor(new float[][] {{0.5f, -0.25f, 0.1f}, {0.2f, 0.3f, -0.4f}, {-0.1f, 0.05f, 0.6f}}).requiresGrad(true);
        Tensor b = Tensors.tensor(0.1f, -0.2f, 0.05f).requiresGrad(true);
        train(w, b);
        ScriptModule fc = new ScriptModule("Linear");
        fc.register("weight", w);
        fc.register("bias", b);
        fc.addMethod("forward", Jit.parseIr(LINEAR_FORWARD));
        ScriptModule net = new ScriptModule("Net");
        net.register("fc", fc);
        net.register("steps", 3);
        net.register("scale", 0.5);
        net.register("labels", List.of("neg", "pos"));
        net.addMethod("forward", Jit.parseIr(NET_FORWARD));
        net.eval();
        net.setSource(SOURCE);
        return net;
    }

    private static void train(Tensor w, Tensor b) {
        SGD opt = new SGD(List.of(w, b), 0.1);
        Tensor x = Tensors.tensor(new float[][] {{1f, 2f, 3f}, {-1f, 0.5f, 2f}});
        Tensor target = Tensors.tensor(new float[][] {{0.5f, 0f, 1f}, {0f, 1f, 0.5f}});
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            Tensor loss = x.matmul(w.t()).add(b).sub(target).pow(2.0).mean();
            loss.backward();
            opt.step();
        }
    }

    /** An input for which sum(fc(x)) > 0 (the loop branch). */
    static Tensor positive() {
        return Tensors.tensor(new float[][] {{1f, 2f, 3f}, {0.5f, 1f, 1.5f}});
    }

    /** An input for which sum(fc(x)) < 0 (the other branch). */
    static Tensor negative() {
        return Tensors.tensor(new float[][] {{-1f, -2f, -3f}, {-0.5f, -1f, -1.5f}});
    }

    /** A small eager network, traced. */
    static final class Mlp extends Module {
        final Linear fc1 = new Linear(3, 4);
        final Linear fc2 = new Linear(4, 2);

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).relu()).add(Tensors.tensor(0.25f, -0.25f));
        }
    }

    static ScriptModule traced() {
        Tensors.manualSeed(7);
        Mlp mlp = new Mlp();
        ScriptModule sm = Jit.trace(mlp, Tensors.tensor(new float[][] {{1f, 2f, 3f}}));
        return sm;
    }

    static Graph graph(ScriptModule m) {
        return m.methodGraph("forward");
    }
}
