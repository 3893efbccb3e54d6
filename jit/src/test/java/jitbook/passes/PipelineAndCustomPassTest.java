package jitbook.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.ir.Graph;
import jitbook.ir.Node;
import jitbook.ir.Type;
import jitbook.jit.Jit;

class PipelineAndCustomPassTest {
    static final String PROGRAM = String.join("\n",
            "graph(%x : Float(3)):",
            "  %two : int = prim::Constant[value=2]()",
            "  %three : int = prim::Constant[value=3]()",
            "  %a : int = scalar::mul(%two, %three)",
            "  %n1 : Float(3) = tensor::neg(%x)",
            "  %n2 : Float(3) = tensor::neg(%n1)",
            "  %r : Float(3) = tensor::add(%n2, %a)",
            "  return (%r)", "");

    @Test
    void aRunRecordsEveryPassWithTheGraphAfterItAndWhatChanged() {
        Graph g = Jit.parseIr(PROGRAM);
        PipelineRun run = PassPipeline.of("constprop", "peephole", "dce", "cse").run(g);
        List<PassRecord> rs = run.records();
        assertEquals(List.of("constprop", "peephole", "dce", "cse"), rs.stream().map(r -> r.passName).collect(java.util.stream.Collectors.toList()));
        assertTrue(rs.get(0).changed && rs.get(1).changed && rs.get(2).changed);
        assertFalse(rs.get(3).changed);
        assertTrue(rs.get(0).graphAfter.contains("prim::Constant[value=6]"), rs.get(0).graphAfter);
        assertTrue(rs.get(1).diff().contains("- ") || rs.get(1).diff().contains("+ "), rs.get(1).diff());
        assertEquals(g.toString(), rs.get(3).graphAfter);
        assertTrue(run.toString().contains("== constprop"), run.toString());
        assertEquals(List.of("dce"), PassPipeline.of("dce").describe());
        assertTrue(PassPipeline.defaultPipeline().describe().contains("fuse"));
    }

    @Test
    void theVerifierNamesAPassThatBreaksTheGraph() {
        PassPipeline p = PassPipeline.empty().then(breaker()).verifying(true);
        PassPipeline.PassFailure e = assertThrows(PassPipeline.PassFailure.class, () -> p.run(Jit.parseIr(PROGRAM)));
        assertTrue(e.getMessage().contains("pass 'breaker'"), e.getMessage());
    }

    /**
     * Issue 24: the verifier runs after every pass in every compiler and pass test, not only where a
     * test asks. Pipelines verify by default when assertions are on (surefire's default), so the
     * executors' and the compiler's own pipelines are checked throughout the suite; this fails if
     * that default, or assertions in the test JVM, are ever turned off.
     */
    @Test
    void pipelinesVerifyAfterEveryPassWithoutBeingAskedInTests() {
        PassPipeline plain = PassPipeline.empty().then(breaker());
        PassPipeline standard = PassPipeline.defaultPipeline().withCleanupPass(breaker());
        for (PassPipeline p : new PassPipeline[] {plain, standard}) {
            PassPipeline.PassFailure e = assertThrows(PassPipeline.PassFailure.class, () -> p.run(Jit.parseIr(PROGRAM)));
            assertTrue(e.getMessage().contains("pass 'breaker'"), e.getMessage());
        }
    }

    private static Pass breaker() {
        return Pass.of("breaker", g -> {
            // makes the graph return a value defined inside a block it does not own: invalid
            Node n = g.block().append("tensor::neg", g.inputs().get(0));
            Node m = g.block().insertBefore("tensor::neg", g.nodes().get(0), n.addOutput(Type.TENSOR));
            m.addOutput(Type.TENSOR);
            return true;
        });
    }

    @Test
    void aUserWritesAPatternRuleInIrTextAndRegistersIt() {
        // exp(log(x)) -> x, for positive inputs: a rewrite a user may know is right for their model
        RewriteRule expLog = PatternRule.of("exp-log",
                "graph(%x : Tensor):\n  %l : Tensor = tensor::log(%x)\n  %e : Tensor = tensor::exp(%l)\n  return (%e)\n",
                "graph(%x : Tensor):\n  return (%x)\n");
        Graph g = Jit.parseIr(String.join("\n",
                "graph(%x : Float(3)):",
                "  %l : Float(3) = tensor::log(%x)",
                "  %e : Float(3) = tensor::exp(%l)",
                "  %r : Float(3) = tensor::tanh(%e)",
                "  return (%r)", ""));
        PassPipeline p = PassPipeline.defaultPipeline().withCleanupPass(new RewritePass("user-rules", expLog)).verifying(true);
        p.run(g);
        assertFalse(g.toString().contains("tensor::exp") || g.toString().contains("tensor::log"), g.toString());
        // tanh now reads x itself (in a fusion group of its own: it calls a math function)
        assertTrue(g.toString().matches("(?s).*prim::FusionGroup\\(%x\\).*tensor::tanh.*"), g.toString());
    }

    @Test
    void aUserWritesARuleAsAJavaPredicateAndBuilder() {
        // relu(relu(x)) -> relu(x)
        RewriteRule reluRelu = RewriteRule.of("relu-relu", "tensor::relu", n -> {
            Node p = n.input(0).producer();
            return p != null && p.kind().equals("tensor::relu") ? p.output() : null;
        });
        PassPipeline.register("relu-relu", () -> new RewritePass("relu-relu", reluRelu));
        Graph g = Jit.parseIr(String.join("\n",
                "graph(%x : Float(3)):",
                "  %a : Float(3) = tensor::relu(%x)",
                "  %b : Float(3) = tensor::relu(%a)",
                "  %c : Float(3) = tensor::relu(%b)",
                "  return (%c)", ""));
        PassPipeline.of("relu-relu", "dce").verifying(true).run(g);
        assertEquals(1, PassGoldenTest.count(g.toString(), "tensor::relu"), g.toString());
    }

    @Test
    void aPassIsALambdaOverTheGraphApi() {
        Pass dropPrints = Pass.of("drop-prints", g -> {
            boolean changed = false;
            for (Node n : g.allNodes()) {
                if (n.kind().equals("prim::Print")) {
                    n.destroy();
                    changed = true;
                }
            }
            return changed;
        });
        Graph g = Jit.parseIr("graph(%x : int):\n  = prim::Print(%x)\n  return (%x)\n");
        assertTrue(PassPipeline.empty().then(dropPrints).run(g).records().get(0).changed);
        assertFalse(g.toString().contains("Print"));
    }
}
