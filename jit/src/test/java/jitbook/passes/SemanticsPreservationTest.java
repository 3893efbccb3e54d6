package jitbook.passes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import jitbook.ir.Graph;
import jitbook.jit.Jit;
import jitbook.tensor.Tensor;
import jitbook.tensor.Tensors;

/**
 * Every program of the corpus computes the same before and after the default pipeline, on
 * random inputs: same outputs (dtype, shape, values), same printed text, same errors, same
 * attribute writes. Both ways the executor optimizes are checked: generic (recorded tensor
 * types forgotten) and specialized to the actual inputs. The verifier runs after every pass.
 *
 * <p>The corpus: the inputs of every golden file, the IR programs below, and traced functions.
 * Adding the script compiler's case programs is one more stream in {@link #corpus()}.
 */
class SemanticsPreservationTest {
    /** A named program: a graph (made fresh for each use). */
    static final class Program {
        final String name;
        final Supplier<Graph> graph;

        Program(String name, Supplier<Graph> graph) {
            this.name = name;
            this.graph = graph;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Program> corpus() {
        return Stream.of(goldenInputs(), irPrograms(), tracedPrograms(), scriptCases()).flatMap(s -> s);
    }

    /** The script compiler's case programs (src/test/resources/script/cases); one that does not compile yet is skipped. */
    static Stream<Program> scriptCases() {
        return jitbook.script.CasePrograms.all().stream().map(c -> new Program("script " + c.name, () -> c.scripted().graph()));
    }

    static Stream<Program> goldenInputs() {
        return GoldenCase.all().stream().map(c -> new Program("golden " + c.name, () -> Jit.parseIr(c.input)));
    }

    static final String[] IR = {
        // a counted loop of unknown length using its counter: partial unrolling with an epilogue
        "graph(%x : Float(3), %n : int):\n"
                + "  %t : bool = prim::Constant[value=1]()\n"
                + "  %y : Float(3) = prim::Loop(%n, %t, %x)\n"
                + "    block0(%i : int, %y.1 : Float(3)):\n"
                + "      %a : Float(3) = tensor::mul(%y.1, %i)\n"
                + "      %y.2 : Float(3) = tensor::tanh(%a)\n"
                + "      -> (%t, %y.2)\n"
                + "  return (%y)\n",
        // a constant loop of 11 trips (partial unrolling of a constant count) with an If inside
        "graph(%x : Float(2, 2)):\n"
                + "  %n : int = prim::Constant[value=11]()\n"
                + "  %t : bool = prim::Constant[value=1]()\n"
                + "  %two : int = prim::Constant[value=2]()\n"
                + "  %zero : int = prim::Constant[value=0]()\n"
                + "  %y : Float(2, 2) = prim::Loop(%n, %t, %x)\n"
                + "    block0(%i : int, %y.1 : Float(2, 2)):\n"
                + "      %r : int = scalar::mod(%i, %two)\n"
                + "      %even : bool = scalar::eq(%r, %zero)\n"
                + "      %y.2 : Float(2, 2) = prim::If(%even)\n"
                + "        block0():\n"
                + "          %p : Float(2, 2) = tensor::add(%y.1, %i)\n"
                + "          -> (%p)\n"
                + "        block1():\n"
                + "          %q : Float(2, 2) = tensor::sigmoid(%y.1)\n"
                + "          -> (%q)\n"
                + "      -> (%t, %y.2)\n"
                + "  return (%y)\n",
        // a list built in a data-dependent loop, then read
        "graph(%x : Float(3), %n : int):\n"
                + "  %l : List[Tensor] = list::new()\n"
                + "  %t : bool = prim::Constant[value=1]()\n"
                + "  = prim::Loop(%n, %t)\n"
                + "    block0(%i : int):\n"
                + "      %v : Float(3) = tensor::mul(%x, %i)\n"
                + "      %ok : bool = list::add(%l, %v)\n"
                + "      -> (%t)\n"
                + "  %s : int = list::size(%l)\n"
                + "  %y : Float(3) = tensor::add(%x, %s)\n"
                + "  return (%y, %l)\n",
        // a while loop (computed condition) with a print and int arithmetic that overflows
        "graph(%k : int):\n"
                + "  %t : bool = prim::Constant[value=1]()\n"
                + "  %m : int = prim::Constant[value=1000003]()\n"
                + "  %lim : int = prim::Constant[value=100]()\n"
                + "  %acc : int = prim::Loop(%lim, %t, %k)\n"
                + "    block0(%i : int, %a : int):\n"
                + "      %b : int = scalar::mul(%a, %m)\n"
                + "      %c : int = scalar::add(%b, %i)\n"
                + "      = prim::Print(%c)\n"
                + "      %go : bool = scalar::lt(%i, %k)\n"
                + "      -> (%go, %c)\n"
                + "  return (%acc)\n",
        // tuples built and taken apart, an If on an input, shape-sensitive algebra on broadcasting operands
        "graph(%x : Float(3), %w : Float(2, 3), %c : bool):\n"
                + "  %one : int = prim::Constant[value=1]()\n"
                + "  %tp : (Tensor, Tensor) = prim::TupleConstruct(%x, %w)\n"
                + "  %a : Tensor, %b : Tensor = prim::TupleUnpack(%tp)\n"
                + "  %m : Float(2, 3) = tensor::mul(%a, %b)\n"
                + "  %k : Float(2, 3) = tensor::mul(%m, %one)\n"
                + "  %r : Tensor = prim::If(%c)\n"
                + "    block0():\n"
                + "      %u : Float(2, 3) = tensor::sub(%k, %k)\n"
                + "      -> (%u)\n"
                + "    block1():\n"
                + "      %v : Float(3) = tensor::exp(%a)\n"
                + "      -> (%v)\n"
                + "  return (%r)\n",
        // nested counted loops over an int accumulator and a list of ints
        "graph(%n : int):\n"
                + "  %t : bool = prim::Constant[value=1]()\n"
                + "  %three : int = prim::Constant[value=3]()\n"
                + "  %l : List[int] = prim::ListConstruct()\n"
                + "  %z : int = prim::Constant[value=0]()\n"
                + "  %s : int = prim::Loop(%three, %t, %z)\n"
                + "    block0(%i : int, %s.1 : int):\n"
                + "      %s.3 : int = prim::Loop(%n, %t, %s.1)\n"
                + "        block0(%j : int, %s.2 : int):\n"
                + "          %p : int = scalar::mul(%i, %j)\n"
                + "          %ok : bool = list::add(%l, %p)\n"
                + "          %q : int = scalar::add(%s.2, %p)\n"
                + "          -> (%t, %q)\n"
                + "      -> (%t, %s.3)\n"
                + "  return (%s, %l)\n",
    };

    static Stream<Program> irPrograms() {
        List<Program> out = new ArrayList<>();
        for (int i = 0; i < IR.length; i++) {
            String text = IR[i];
            out.add(new Program("ir program " + i, () -> Jit.parseIr(text)));
        }
        return out.stream();
    }

    private static Tensor randn(long... shape) {
        return Tensors.randn(shape);
    }

    static Stream<Program> tracedPrograms() {
        List<Program> out = new ArrayList<>();
        Tensor w1 = randn(8, 16);
        Tensor b1 = randn(16);
        Tensor w2 = randn(16, 4);
        out.add(new Program("traced mlp", () -> Jit.trace(x -> x.matmul(w1).add(b1).relu().matmul(w2).sigmoid(), randn(5, 8)).graph()));
        out.add(new Program("traced chain", () -> Jit.trace((x, w) -> x.mul(w).add(1.0).tanh().mul(0.5).add(x).sigmoid(), randn(4, 4), randn(4, 4)).graph()));
        out.add(new Program("traced rnn cell x3", () -> Jit.trace((x, h) -> {
            Tensor s = h;
            for (int i = 0; i < 3; i++) s = x.matmul(w1).add(s.matmul(randConst())).tanh();
            return s;
        }, randn(2, 8), randn(2, 16)).graph()));
        out.add(new Program("traced layout", () -> Jit.trace(x -> x.t().t().mul(1.0).neg().neg().add(0.0).sum(), randn(3, 4)).graph()));
        return out.stream();
    }

    private static final Tensor U = Tensors.randn(16, 16);

    private static Tensor randConst() {
        return U;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void defaultPipelineKeepsTheMeaning(Program p) {
        Random rnd = new Random(p.name.hashCode());
        Graph original;
        try {
            original = p.graph.get();
        } catch (RuntimeException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, p.name + " does not compile yet: " + e.getMessage());
            return;
        }
        for (int round = 0; round < 3; round++) {
            Object[] args = ProgramRunner.randomInputs(original, rnd);
            ProgramRunner.Outcome want = ProgramRunner.run(original, args);

            Graph generic = original.copy();
            ShapePropagation.eraseTensorTypes(generic);
            PipelineRun run = PassPipeline.defaultPipeline().verifying(true).run(generic);
            ProgramRunner.assertSame(p.name + " (generic)\n" + run + generic, want, ProgramRunner.run(generic, args));

            Graph special = original.copy();
            ShapePropagation.specialize(special, args);
            PipelineRun run2 = PassPipeline.defaultPipeline().verifying(true).run(special);
            ProgramRunner.assertSame(p.name + " (specialized)\n" + run2 + special, want, ProgramRunner.run(special, args));
        }
    }
}
